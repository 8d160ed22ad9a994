package org.ldncds.security;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.DISCOVERY;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * What browsers see, with the default settings: the CDS Hooks sandbox (and local pages)
 * may call discovery, the services and feedback with Authorization and Content-Type;
 * other origins may not; and every API answer carries headers that keep a browser from
 * sniffing, framing or caching it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ldn.security.enabled=true")
class CorsIT {

	private static final String SANDBOX = "https://sandbox.cds-hooks.org";

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@ParameterizedTest
	@CsvSource({ "/cds-services, GET", "/cds-services/ldn-order-select, POST",
			"/cds-services/ldn-order-select/feedback, POST" })
	void allowsTheSandboxPreflightWithAuthorizationAndContentType(String path, String method) {
		CdsClient.Answer answer = preflight(path, SANDBOX, method, "authorization,content-type");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Access-Control-Allow-Origin")).hasValue(SANDBOX);
		assertThat(answer.header("Access-Control-Allow-Methods").orElseThrow()).contains(method);
		assertThat(answer.header("Access-Control-Allow-Headers").orElseThrow().toLowerCase()).contains("authorization",
				"content-type");
		assertThat(answer.header("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void allowsALocalPageByDefault() {
		CdsClient.Answer answer = preflight(SERVICE, "http://localhost:3000", "POST", "authorization,content-type");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example", "https://sandbox.cds-hooks.org.evil.example", "null",
			"http://sandbox.cds-hooks.org" })
	void refusesThePreflightOfAnotherOrigin(String origin) {
		CdsClient.Answer answer = preflight(SERVICE, origin, "POST", "authorization,content-type");

		assertCorsRejected(answer);
	}

	@Test
	void allowsNoOtherRequestHeaders() {
		CdsClient.Answer onlyOthers = preflight(SERVICE, SANDBOX, "POST", "x-evil");
		assertThat(onlyOthers.status()).isEqualTo(403);
		assertThat(onlyOthers.header("Access-Control-Allow-Origin")).isEmpty();

		// Spring lists the allowed ones; the browser then refuses to send x-evil.
		CdsClient.Answer mixed = preflight(SERVICE, SANDBOX, "POST", "authorization,x-evil");
		assertThat(mixed.header("Access-Control-Allow-Headers").orElse("").toLowerCase()).doesNotContain("x-evil");
	}

	@Test
	void allowsNoOtherMethod() {
		CdsClient.Answer answer = preflight(SERVICE, SANDBOX, "DELETE", "authorization");

		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.header("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void answersASimpleCallFromTheSandboxWithItsOrigin() {
		CdsClient.Answer answer = http.get(DISCOVERY, demoToken(http.url(DISCOVERY)), "Origin", SANDBOX);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Access-Control-Allow-Origin")).hasValue(SANDBOX);
		assertThat(answer.headers().allValues("Vary")).anySatisfy((vary) -> assertThat(vary).contains("Origin"));
	}

	@Test
	void letsTheSandboxReadA401() {
		CdsClient.Answer answer = http.get(DISCOVERY, null, "Origin", SANDBOX);

		answer.assertUnauthorized();
		assertThat(answer.header("Access-Control-Allow-Origin")).hasValue(SANDBOX);
	}

	@Test
	void doesNotAnswerAnotherOriginsSimpleCallWithItsOrigin() {
		CdsClient.Answer answer = http.get(DISCOVERY, demoToken(http.url(DISCOVERY)), "Origin", "https://evil.example");

		assertCorsRejected(answer);
	}

	@Test
	void refusesAnEmptyOrigin() {
		assertCorsRejected(http.callService(demoToken(http.url(SERVICE)), "Origin", ""));
	}

	@Test
	void refusesAWildcardContentTypeFromABrowserWith415() {
		// Spring's CORS processor could not read it, and answered 500.
		CdsClient.Answer answer = http.send(SERVICE, "POST", BodyPublishers.ofString(CdsClient.exampleCall()), null,
				"Origin", SANDBOX, "Content-Type", "application/*");

		assertThat(answer.status()).isEqualTo(415);
		assertThat(answer.json().path("error").asText()).isEqualTo("unsupported_media_type");
	}

	private static void assertCorsRejected(CdsClient.Answer answer) {
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.header("Access-Control-Allow-Origin")).isEmpty();
		assertThat(answer.json().path("error").asText()).isEqualTo("cors_rejected");
	}

	@Test
	void setsSecurityHeadersOnEveryApiAnswer() {
		assertSecurityHeaders(http.get(DISCOVERY, demoToken(http.url(DISCOVERY))), 200);
		assertSecurityHeaders(http.callService(demoToken(http.url(SERVICE))), 200);
		assertSecurityHeaders(http.callService(null), 401);
		assertSecurityHeaders(http.post(SERVICE, "{", demoToken(http.url(SERVICE))), 400);
		assertSecurityHeaders(
				http.get("/cds-services/no-such-service", demoToken(http.url("/cds-services/no-such-service"))), 405);
	}

	private static void assertSecurityHeaders(CdsClient.Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(answer.header("X-Frame-Options")).hasValue("DENY");
		assertThat(answer.header("Cache-Control")).hasValue("no-store");
		assertThat(answer.header("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
		assertThat(answer.header("Referrer-Policy")).hasValue("no-referrer");
	}

	private CdsClient.Answer preflight(String path, String origin, String method, String headers) {
		return http.send(path, "OPTIONS", BodyPublishers.noBody(), null, "Origin", origin,
				"Access-Control-Request-Method", method, "Access-Control-Request-Headers", headers);
	}

	private String demoToken(String audience) {
		CdsClient.Answer answer = http.send("/demo/token?aud=" + URLEncoder.encode(audience, StandardCharsets.UTF_8),
				"POST", BodyPublishers.noBody(), null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json().path("access_token").asText();
	}

}
