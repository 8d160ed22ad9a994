package org.ldncds.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ldncds.fhir.InProcessFhirServer;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * The SSRF guard: the service calls a FHIR server for missing prefetch only when the
 * authenticated client may name it (exact origin: scheme, host and port), and only over
 * https unless plain http is allowed. A server it may not call receives nothing at all.
 * The client's public keys are read from a JWK Set file, written when the test runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.security.enabled=true", "ldn.security.allow-http-fhir-server=true",
				"ldn.fhir.connect-timeout=500ms", "ldn.fhir.read-timeout=2s", "ldn.fhir.total-budget=3s" })
class FhirServerGuardIT {

	static final String ISSUER = "https://ehr.example.org";

	static final RSAKey KEY = TestKeys.rsa();

	/** Its public key only, as an EHR hands it over. */
	static final String KEYS_FILE = publicKeysFile();

	/** The EHR's FHIR server, which the client may name as http://127.0.0.1:<port>. */
	static final InProcessFhirServer FHIR = new InProcessFhirServer().start();

	/** Another server on this machine, which the client may not name. */
	static final InProcessFhirServer OTHER = new InProcessFhirServer().openAccess().start();

	@DynamicPropertySource
	static void trustedClient(DynamicPropertyRegistry registry) {
		registry.add("ldn.security.clients[0].issuer", () -> ISSUER);
		registry.add("ldn.security.clients[0].jwks-file", () -> KEYS_FILE);
		registry.add("ldn.security.clients[0].fhir-servers", () -> "http://127.0.0.1:" + FHIR.baseUrl().getPort());
	}

	@AfterAll
	static void stopFhirServers() {
		FHIR.close();
		OTHER.close();
	}

	@LocalServerPort
	int port;

	CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@Test
	void fetchesMissingPrefetchFromAServerTheClientMayName() {
		int before = FHIR.requests().size();

		CdsClient.Answer answer = call(on127(FHIR));

		answer.assertCriticalOpioidCard();
		assertThat(FHIR.requests()).hasSize(before + 1)
			.last()
			.satisfies((request) -> assertThat(request.resourceType()).isEqualTo("MedicationRequest"));
	}

	@Test
	void refusesAnotherSpellingOfTheSameServer() {
		int before = FHIR.requests().size();

		// localhost is 127.0.0.1, but not the origin the client may name.
		CdsClient.Answer answer = call(FHIR.baseUrl());

		assertForbidden(answer, "is not one this client may name");
		assertThat(FHIR.requests()).hasSize(before);
	}

	@Test
	void refusesAServerOnAnotherPort() {
		int before = OTHER.requests().size();

		assertForbidden(call(on127(OTHER)), "is not one this client may name");
		assertThat(OTHER.requests()).hasSize(before);
	}

	@Test
	void refusesAUrlWhoseUserInfoSpellsTheAllowedOrigin() {
		int before = OTHER.requests().size();
		URI disguised = URI.create(
				"http://127.0.0.1:" + FHIR.baseUrl().getPort() + "@127.0.0.1:" + OTHER.baseUrl().getPort() + "/fhir");

		assertForbidden(call(disguised), "is not one this client may name");
		assertThat(OTHER.requests()).hasSize(before);
	}

	@Test
	void refusesHttpsToTheAllowedHostOnTheWrongScheme() {
		int before = FHIR.requests().size();
		URI https = URI.create("https://127.0.0.1:" + FHIR.baseUrl().getPort() + "/fhir");

		assertForbidden(call(https), "is not one this client may name");
		assertThat(FHIR.requests()).hasSize(before);
	}

	@Test
	void answers412RatherThanReadTheRestOfASearchFromAServerTheClientMayNotName() {
		int before = OTHER.requests().size();
		String partialSearch = """
				{"resourceType": "Bundle", "type": "searchset", "entry": [],
				 "link": [{"relation": "next", "url": "%s/MedicationRequest?page=2"}]}""".formatted(on127(OTHER));
		String body = requestNaming(on127(OTHER)).replaceFirst("\"prefetch\": \\{",
				"\"prefetch\": {\n    \"medications\": " + partialSearch.replace("\\", "\\\\") + ",");

		CdsClient.Answer answer = http.post(SERVICE, body, tokenFor(port));

		// Not 403: every key was sent; the one sent in part cannot be completed.
		assertThat(answer.status()).as(answer.body()).isEqualTo(412);
		assertThat(answer.json().path("missingPrefetch").toString()).isEqualTo("[\"medications\"]");
		assertThat(answer.json().path("detail").asText()).contains("has more pages", "is not one this client may name");
		assertThat(OTHER.requests()).hasSize(before);
	}

	/** The same client and server, with the default: https only. */
	@Nested
	@TestPropertySource(properties = "ldn.security.allow-http-fhir-server=false")
	class WhenPlainHttpIsNotAllowed {

		@LocalServerPort
		int port;

		@Test
		void refusesEvenTheAllowedServerOverHttp() {
			int before = FHIR.requests().size();

			CdsClient.Answer answer = new CdsClient(port).post(SERVICE, requestNaming(on127(FHIR)), tokenFor(port));

			assertForbidden(answer, "https");
			assertThat(FHIR.requests()).hasSize(before);
		}

	}

	private CdsClient.Answer call(URI fhirServer) {
		return http.post(SERVICE, requestNaming(fhirServer), tokenFor(port));
	}

	private static String tokenFor(int port) {
		return Jwt.signedBy(KEY, ISSUER, new CdsClient(port).url(SERVICE)).sign();
	}

	private static void assertForbidden(CdsClient.Answer answer, String detail) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.json().path("error").asText()).isEqualTo("fhir_server_forbidden");
		assertThat(answer.json().path("detail").asText()).contains(detail);
	}

	private static URI on127(InProcessFhirServer server) {
		return URI.create("http://127.0.0.1:" + server.baseUrl().getPort() + "/fhir");
	}

	/** An order-select call without the medications prefetch, naming the FHIR server. */
	private static String requestNaming(URI fhirServer) {
		try (InputStream in = FhirServerGuardIT.class
			.getResourceAsStream("/requests/order-select-ldn-without-medications-prefetch.json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@FHIR_SERVER@",
					fhirServer.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String publicKeysFile() {
		try {
			Path file = Files.createTempFile("ldn-cds-client-", ".jwks.json");
			file.toFile().deleteOnExit();
			Files.writeString(file, new JWKSet(KEY.toPublicJWK()).toString());
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
