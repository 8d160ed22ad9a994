package org.ldncds.security;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.DISCOVERY;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * The service as it ships, with no security configuration at all (the test settings turn
 * authentication off; this puts it back to its default, on): an unsigned call is refused,
 * and the README's demo works through the built-in demo client, for callers on this
 * machine only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ldn.security.enabled=true")
class DefaultSecurityIT {

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@Test
	void refusesAnUnsignedCall() {
		http.callService(null).assertUnauthorized();
		http.get(DISCOVERY, null).assertUnauthorized();
	}

	@Test
	void answersTheReadmeExampleSignedByTheDemoClient() {
		String token = demoToken(http.url(SERVICE));

		http.callService(token).assertCriticalOpioidCard();
	}

	@Test
	void demoTokenIsForTheEndpointItNamesOnly() {
		http.get(DISCOVERY, demoToken(http.url(SERVICE))).assertUnauthorized();
	}

	@Test
	void demoTokenIsForOneCallOnly() {
		String token = demoToken(http.url(SERVICE));
		http.callService(token).assertCriticalOpioidCard();
		http.callService(token).assertUnauthorized();
	}

	@ParameterizedTest
	@ValueSource(strings = { "X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host", "True-Client-IP", "Via" })
	void hidesTheDemoTokenEndpointFromProxiedCallers(String header) {
		CdsClient.Answer answer = http.send(tokenPath(http.url(SERVICE)), "POST", BodyPublishers.noBody(), null, header,
				header.equals("Forwarded") ? "for=192.0.2.60" : "192.0.2.60");

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.json().path("error").asText()).isEqualTo("not_found");
		assertThat(answer.body()).doesNotContain("access_token");
	}

	@Test
	void takesTheAudienceFromAFormBodyAsTheDocumentedCurlSendsIt() {
		String form = "aud=" + URLEncoder.encode(http.url(SERVICE), StandardCharsets.UTF_8);
		CdsClient.Answer answer = http.send("/demo/token", "POST", BodyPublishers.ofString(form), null, "Content-Type",
				"application/x-www-form-urlencoded");

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		http.callService(answer.json().path("access_token").asText()).assertCriticalOpioidCard();
		CdsClient.Answer withoutAudience = http.send("/demo/token", "POST", BodyPublishers.noBody(), null);
		assertThat(withoutAudience.status()).isEqualTo(400);
		assertThat(withoutAudience.json().path("detail").asText()).contains("aud");
	}

	@Test
	void servesTheAnalyticsOnlyToDirectCallersOnThisMachine() {
		assertThat(http.get("/analytics/rules", null).status()).isEqualTo(200);
		for (String header : new String[] { "X-Real-IP", "X-Forwarded-For" }) {
			CdsClient.Answer proxied = http.get("/analytics/rules", null, header, "192.0.2.60");
			assertThat(proxied.status()).as(header).isEqualTo(403);
			assertThat(proxied.json().path("error").asText()).isEqualTo("forbidden");
		}
	}

	@Test
	void theDemoClientMayNameNoFhirServer() {
		// The prefetch is incomplete, so the service would have to call the FHIR server.
		String call = CdsClient.exampleCall()
			.replaceFirst("\"prefetch\"", "\"fhirServer\": \"https://ehr.example.org/fhir\", \"prefetch\"")
			.replaceFirst("\"medications\"", "\"not-a-template-key\"");

		CdsClient.Answer answer = http.post(SERVICE, call, demoToken(http.url(SERVICE)));

		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.json().path("error").asText()).isEqualTo("fhir_server_forbidden");
	}

	private String demoToken(String audience) {
		CdsClient.Answer answer = http.send(tokenPath(audience), "POST", BodyPublishers.noBody(), null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		JsonNode token = answer.json();
		assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
		assertThat(token.path("expires_in").asInt()).isPositive();
		return token.path("access_token").asText();
	}

	private static String tokenPath(String audience) {
		return "/demo/token?aud=" + URLEncoder.encode(audience, StandardCharsets.UTF_8);
	}

}
