package org.ldncds.security;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The audience a token must name comes from configuration and the port the call arrived
 * on, never from what the request says its host is.
 */
class AudiencesTest {

	@Test
	void theEndpointIsUnderThePublicBaseUrlWhateverTheRequestSaysItsHostIs() {
		Audiences audiences = new Audiences(URI.create("https://cds.example.org/ldn/"), false);
		Audiences.Endpoint endpoint = audiences.endpointOf(requestClaimingToBeEvil());
		assertThat(endpoint.configuredUrls())
			.containsExactly("https://cds.example.org/ldn/cds-services/ldn-order-select");
		assertThat(endpoint.loopbackUrls()).containsExactly("http://localhost:8080/cds-services/ldn-order-select",
				"http://127.0.0.1:8080/cds-services/ldn-order-select",
				"http://[::1]:8080/cds-services/ldn-order-select");
	}

	@Test
	void withoutAPublicBaseUrlTheEndpointIsOnTheLoopbackNamesOfItsPort() {
		Audiences.Endpoint endpoint = new Audiences(null, true).endpointOf(requestClaimingToBeEvil());
		assertThat(endpoint.configuredUrls()).containsExactly("https://localhost:8080/cds-services/ldn-order-select",
				"https://127.0.0.1:8080/cds-services/ldn-order-select",
				"https://[::1]:8080/cds-services/ldn-order-select");
	}

	@ParameterizedTest
	@ValueSource(strings = { "cds.example.org", "/cds", "ftp://cds.example.org", "https://cds.example.org?x=1",
			"https://cds.example.org#x", "https://user@cds.example.org", "https://cds.example.org/cds-services/" })
	void refusesToStartWithAPublicBaseUrlThatIsNotOne(String url) {
		assertThatIllegalStateException().isThrownBy(() -> new Audiences(URI.create(url), false))
			.withMessageContaining(Audiences.PROPERTY);
	}

	private static MockHttpServletRequest requestClaimingToBeEvil() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cds-services/ldn-order-select");
		request.setServletPath("/cds-services/ldn-order-select");
		request.setServerName("evil.example");
		request.setServerPort(80);
		request.setLocalPort(8080);
		request.addHeader("Host", "evil.example");
		request.addHeader("X-Forwarded-Host", "evil.example");
		return request;
	}

}
