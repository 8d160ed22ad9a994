package org.ldncds.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.ldncds.web.ConnectionValve;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Who may read the rule analytics: without configured credentials only callers on this
 * machine that came directly; with them, only callers who send them.
 */
class AdminAccessFilterTest {

	private static final AdminProperties NONE = new AdminProperties("", "");

	private static final AdminProperties CONFIGURED = new AdminProperties("informatics", "correct horse battery");

	@Test
	void withoutCredentialsConfiguredACallerOnThisMachineIsAnswered() throws Exception {
		expect(call(NONE, request("/analytics/rules", "127.0.0.1"))).isPassedOn();
		expect(call(NONE, request("/analytics", "::1"))).isPassedOn();
	}

	@Test
	void withoutCredentialsConfiguredACallerFromAnotherHostIsRefused() throws Exception {
		Outcome outcome = call(NONE, request("/analytics/rules", "203.0.113.7"));
		expect(outcome).isRefusedWith(403);
		assertThat(outcome.response().getContentAsString()).contains("\"error\":\"forbidden\"", "ldn.admin.username");
		assertThat(outcome.response().getHeader("WWW-Authenticate")).isNull();
	}

	@Test
	void withoutCredentialsConfiguredACallThroughAProxyIsRefusedEvenFromThisMachine() throws Exception {
		MockHttpServletRequest forwarded = request("/analytics/rules", "127.0.0.1");
		forwarded.addHeader("X-Forwarded-For", "203.0.113.7");
		expect(call(NONE, forwarded)).isRefusedWith(403);
		MockHttpServletRequest standard = request("/analytics", "127.0.0.1");
		standard.addHeader("Forwarded", "for=203.0.113.7");
		expect(call(NONE, standard)).isRefusedWith(403);
	}

	@Test
	void withoutCredentialsConfiguredAnyProxyHeaderMakesACallerNotDirect() throws Exception {
		for (String header : new String[] { "X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Proto", "True-Client-IP",
				"Via" }) {
			MockHttpServletRequest proxied = request("/analytics/rules", "127.0.0.1");
			proxied.addHeader(header, "203.0.113.7");
			expect(call(NONE, proxied)).as(header).isRefusedWith(403);
		}
	}

	@Test
	void withoutCredentialsConfiguredOnlyTheSocketsPeerMakesACallerLocal() throws Exception {
		// The remote address rewritten from X-Forwarded-For, the socket from elsewhere.
		MockHttpServletRequest rewritten = request("/analytics/rules", "127.0.0.1");
		rewritten.setAttribute(ConnectionValve.PEER_ADDRESS, "10.0.0.5");
		expect(call(NONE, rewritten)).isRefusedWith(403);
		MockHttpServletRequest unknownPeer = request("/analytics/rules", "127.0.0.1");
		unknownPeer.removeAttribute(ConnectionValve.PEER_ADDRESS);
		expect(call(NONE, unknownPeer)).isRefusedWith(403);
	}

	@Test
	void withCredentialsConfiguredTheyAreRequiredEvenOnThisMachine() throws Exception {
		Outcome outcome = call(CONFIGURED, request("/analytics/rules", "127.0.0.1"));
		expect(outcome).isRefusedWith(401);
		assertThat(outcome.response().getHeader("WWW-Authenticate"))
			.isEqualTo("Basic realm=\"ldn-cds analytics\", charset=\"UTF-8\"");
		assertThat(outcome.response().getContentAsString()).contains("\"error\":\"unauthorized\"");
	}

	@Test
	void withCredentialsConfiguredTheRightOnesAreAnsweredFromAnywhere() throws Exception {
		MockHttpServletRequest remote = request("/analytics/rules", "203.0.113.7");
		remote.addHeader("Authorization", basic("informatics", "correct horse battery"));
		expect(call(CONFIGURED, remote)).isPassedOn();
		MockHttpServletRequest lowerCaseScheme = request("/analytics", "127.0.0.1");
		lowerCaseScheme.addHeader("Authorization", "basic " + encoded("informatics:correct horse battery"));
		expect(call(CONFIGURED, lowerCaseScheme)).isPassedOn();
	}

	@Test
	void withCredentialsConfiguredAWrongPasswordOrUserIsRefused() throws Exception {
		for (String authorization : new String[] { basic("informatics", "wrong"),
				basic("admin", "correct horse battery"), basic("informatics", "correct horse battery "),
				basic("informatics", ""), "Basic " + encoded("informatics"), "Basic not-base64!", "Bearer token",
				basic("", "") }) {
			MockHttpServletRequest request = request("/analytics/rules", "127.0.0.1");
			request.addHeader("Authorization", authorization);
			expect(call(CONFIGURED, request)).as(authorization).isRefusedWith(401);
		}
	}

	@Test
	void guardsThePageItsHtmlFileAndTheApiButNotTheRest() {
		assertThat(AdminAccessFilter.isAdminPath("/analytics")).isTrue();
		assertThat(AdminAccessFilter.isAdminPath("/analytics/rules")).isTrue();
		assertThat(AdminAccessFilter.isAdminPath("/analytics.html")).isTrue();
		assertThat(AdminAccessFilter.isAdminPath("/")).isFalse();
		assertThat(AdminAccessFilter.isAdminPath("/index.html")).isFalse();
		assertThat(AdminAccessFilter.isAdminPath("/assets/analytics.js")).isFalse();
		assertThat(AdminAccessFilter.isAdminPath("/cds-services")).isFalse();
	}

	@Test
	void guardsTheActuatorMetricsButNotHealth() {
		assertThat(AdminAccessFilter.isAdminPath("/actuator/prometheus")).isTrue();
		assertThat(AdminAccessFilter.isAdminPath("/actuator/metrics")).isTrue();
		assertThat(AdminAccessFilter.isAdminPath("/actuator")).isTrue();
		assertThat(AdminAccessFilter.isAdminPath("/actuator/health")).isFalse();
		assertThat(AdminAccessFilter.isAdminPath("/actuator/health/readiness")).isFalse();
	}

	@Test
	void decidesOnThePathAsRoutedNotAsWritten() throws Exception {
		// Tomcat gives the decoded, normalised path
		// as the servlet path; Spring routes by it.
		MockHttpServletRequest encoded = new MockHttpServletRequest("GET", "/%61nalytics/rules");
		encoded.setServletPath("/analytics/rules");
		encoded.setRemoteAddr("203.0.113.7");
		expect(call(NONE, encoded)).isRefusedWith(403);
		MockHttpServletRequest withParameter = new MockHttpServletRequest("GET", "/analytics;x=1/rules");
		withParameter.setServletPath("/analytics/rules");
		withParameter.setRemoteAddr("203.0.113.7");
		expect(call(NONE, withParameter)).isRefusedWith(403);
	}

	@Test
	void comparesCredentialsWhateverTheirLength() {
		assertThat(AdminAccessFilter.constantTimeEquals("secret", "secret")).isTrue();
		assertThat(AdminAccessFilter.constantTimeEquals("secret", "secret2")).isFalse();
		assertThat(AdminAccessFilter.constantTimeEquals("", "secret")).isFalse();
		assertThat(AdminAccessFilter.constantTimeEquals("sécret", "sécret")).isTrue();
	}

	@Test
	void aUserNameWithoutAPasswordOrTheReverseStopsStartup() {
		assertThatIllegalStateException().isThrownBy(() -> new AdminProperties("informatics", ""))
			.withMessageContaining("ldn.admin.password");
		assertThatIllegalStateException().isThrownBy(() -> new AdminProperties(null, "secret"));
		assertThat(new AdminProperties(null, null).credentialsConfigured()).isFalse();
		assertThat(CONFIGURED.toString()).doesNotContain("correct horse");
	}

	private static MockHttpServletRequest request(String path, String remoteAddress) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServletPath(path);
		request.setRemoteAddr(remoteAddress);
		request.setAttribute(ConnectionValve.PEER_ADDRESS, remoteAddress);
		return request;
	}

	private static String basic(String user, String password) {
		return "Basic " + encoded(user + ":" + password);
	}

	private static String encoded(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static Outcome call(AdminProperties properties, MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		new AdminAccessFilter(properties).doFilter(request, response, chain);
		return new Outcome(response, chain);
	}

	private static OutcomeAssert expect(Outcome outcome) {
		return new OutcomeAssert(outcome);
	}

	private record Outcome(MockHttpServletResponse response, MockFilterChain chain) {

		boolean passedOn() {
			return chain.getRequest() != null;
		}

	}

	private static final class OutcomeAssert {

		private final Outcome outcome;

		private String description = "";

		OutcomeAssert(Outcome outcome) {
			this.outcome = outcome;
		}

		OutcomeAssert as(String description) {
			this.description = description;
			return this;
		}

		void isPassedOn() {
			assertThat(outcome.passedOn()).as("%s passed on (status %s)", description, outcome.response().getStatus())
				.isTrue();
		}

		void isRefusedWith(int status) {
			assertThat(outcome.passedOn()).as("%s passed on", description).isFalse();
			assertThat(outcome.response().getStatus()).as("%s status", description).isEqualTo(status);
			assertThat(outcome.response().getContentType()).isEqualTo("application/json");
		}

	}

}
