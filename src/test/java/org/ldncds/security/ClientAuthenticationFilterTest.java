package org.ldncds.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client authentication filter guards the CDS services by the path they are routed
 * by, however the request spelled it.
 */
class ClientAuthenticationFilterTest {

	private final SecurityProperties properties = new SecurityProperties(true, List.of(), Duration.ofSeconds(60),
			Duration.ofHours(1), false, List.of(), new SecurityProperties.DemoClient(false, List.of()), null, 2,
			Duration.ofSeconds(30));

	private final ClientAuthenticationFilter filter = new ClientAuthenticationFilter(
			new ClientTokenVerifier(properties, null, Clock.systemUTC()), properties, new Audiences(null, false));

	@Test
	void aServiceCallWithoutATokenIsRefusedHoweverItsPathIsWritten() throws Exception {
		// Tomcat decodes and normalises the servlet path, and drops path parameters;
		// Spring MVC routes by that path, so /%63ds-services/... reaches a service.
		for (String written : new String[] { "/cds-services/ldn-order-select", "/%63ds-services/ldn-order-select",
				"/cds-services;x=1/ldn-order-select", "/cds-services/./ldn-order-select" }) {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", written);
			request.setServletPath("/cds-services/ldn-order-select");
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(request, response, chain);
			assertThat(response.getStatus()).as(written).isEqualTo(401);
			assertThat(chain.getRequest()).as("%s passed on", written).isNull();
		}
	}

	@Test
	void otherPathsAndPreflightsAreLeftAlone() throws Exception {
		for (String[] call : new String[][] { { "GET", "/" }, { "GET", "/cds-services-extra" },
				{ "OPTIONS", "/cds-services/ldn-order-select" }, { "POST", "/demo/token" } }) {
			MockHttpServletRequest request = new MockHttpServletRequest(call[0], call[1]);
			request.setServletPath(call[1]);
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).as("%s %s passed on", call[0], call[1]).isNotNull();
		}
	}

}
