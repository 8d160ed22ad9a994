package org.ldncds.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ldncds.audit.AuditTrail;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.DISCOVERY;
import static org.ldncds.testing.CdsClient.FEEDBACK;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * CDS Hooks 2.0 client authentication through the real HTTP server, with two trusted
 * clients configured as real EHRs are: an Epic-style one (RS384, keys at its JWK Set URL,
 * {@code sub} and {@code nbf} in its tokens) and a sandbox-style one (ES384, keys at the
 * {@code jku} its tokens name, which must be on its allow-list). Every attack fails
 * closed with the same short 401, and no token ever reaches the log.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.security.enabled=true", "ldn.security.demo-client.enabled=true",
				"logging.level.org.ldncds=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class ClientAuthenticationIT {

	static final String EPIC = "https://fhir.epic.example.org/interconnect-ldn-cds";

	static final String SANDBOX = "https://sandbox.cds-hooks.example.org";

	static final String ROTATING = "https://rotating.example.org";

	static final RSAKey EPIC_KEY = TestKeys.rsa();

	static final ECKey SANDBOX_KEY = TestKeys.ec();

	static final RSAKey ROTATING_KEY = TestKeys.rsa();

	static final ECKey EVIL_KEY = TestKeys.ec();

	static final RSAKey EVIL_RSA_KEY = TestKeys.rsa();

	static final JwksServer EPIC_JWKS = JwksServer.serving(EPIC_KEY);

	static final JwksServer SANDBOX_JWKS = JwksServer.serving(SANDBOX_KEY);

	static final JwksServer ROTATING_JWKS = JwksServer.serving(ROTATING_KEY);

	/** Serves the attacker's key; the service must never ask it for anything. */
	static final JwksServer EVIL_JWKS = JwksServer.serving(EVIL_KEY, EVIL_RSA_KEY);

	@DynamicPropertySource
	static void trustedClients(DynamicPropertyRegistry registry) {
		// All in one property source: a list is bound from one source only.
		registry.add("ldn.security.clients[0].issuer", () -> EPIC);
		registry.add("ldn.security.clients[0].jwks-url", () -> EPIC_JWKS.url());
		registry.add("ldn.security.clients[0].algorithms", () -> "RS384");
		registry.add("ldn.security.clients[1].issuer", () -> SANDBOX);
		registry.add("ldn.security.clients[1].jku-allow-list", () -> SANDBOX_JWKS.url());
		registry.add("ldn.security.clients[1].algorithms", () -> "ES384");
		registry.add("ldn.security.clients[2].issuer", () -> ROTATING);
		registry.add("ldn.security.clients[2].jwks-url", () -> ROTATING_JWKS.url());
	}

	@AfterAll
	static void stopJwksServers() {
		EPIC_JWKS.close();
		SANDBOX_JWKS.close();
		ROTATING_JWKS.close();
		EVIL_JWKS.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@AfterEach
	void noTokenReachedTheLog(CapturedOutput output) {
		http.assertNoTokenIn(output.getAll());
		assertThat(EVIL_JWKS.requestCount()).as("requests to the attacker's JWK Set").isZero();
	}

	/** A valid Epic-style token for the order-select service. */
	private Jwt epic() {
		return epic(SERVICE);
	}

	private Jwt epic(String path) {
		return Jwt.signedBy(EPIC_KEY, EPIC, http.url(path)).subject("ldn-cds-client-id").notBefore(Instant.now());
	}

	/** A valid sandbox-style token for the order-select service. */
	private Jwt sandbox() {
		return Jwt.signedBy(SANDBOX_KEY, SANDBOX, http.url(SERVICE)).jku(SANDBOX_JWKS.url());
	}

	// Accepted

	@Test
	void acceptsAnEpicStyleRs384TokenWithSubAndNbf() {
		http.callService(epic().sign()).assertCriticalOpioidCard();
	}

	@Test
	void acceptsASandboxStyleEs384TokenWhoseJkuIsAllowListed() {
		http.callService(sandbox().sign()).assertCriticalOpioidCard();
	}

	@Test
	void acceptsATokenThatExpiredWithinTheClockSkew() {
		Instant now = Instant.now();
		http.callService(epic().issuedAt(now.minusSeconds(120)).expiresAt(now.minusSeconds(20)).sign())
			.assertCriticalOpioidCard();
	}

	@Test
	void discoveryRequiresAndAcceptsATokenForItsUrl() {
		http.get(DISCOVERY, null).assertUnauthorized();
		http.get(DISCOVERY, epic().sign()).assertUnauthorized();

		CdsClient.Answer answer = http.get(DISCOVERY, epic(DISCOVERY).sign());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("services")).isNotEmpty();
	}

	@Test
	void feedbackRequiresAndAcceptsATokenForItsUrl() {
		String feedback = """
				{"feedback": [{"card": "%s", "outcome": "accepted",
				  "outcomeTimestamp": "2026-01-01T00:00:00Z"}]}""".formatted(UUID.randomUUID());
		http.post(FEEDBACK, feedback, null).assertUnauthorized();
		http.post(FEEDBACK, feedback, epic().sign()).assertUnauthorized();

		// Past authentication: refused for what it says,
		// a card this service never issued.
		CdsClient.Answer answer = http.post(FEEDBACK, feedback, epic(FEEDBACK).sign());
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().path("error").asText()).isEqualTo("invalid_request");
	}

	@Test
	void refetchesTheJwkSetWhenATokenNamesAnUnknownKeyId() {
		http.callService(Jwt.signedBy(ROTATING_KEY, ROTATING, http.url(SERVICE)).sign()).assertCriticalOpioidCard();
		assertThat(ROTATING_JWKS.requestCount()).isEqualTo(1);
		http.callService(Jwt.signedBy(ROTATING_KEY, ROTATING, http.url(SERVICE)).sign()).assertCriticalOpioidCard();
		assertThat(ROTATING_JWKS.requestCount()).as("keys are cached").isEqualTo(1);

		ECKey rotated = TestKeys.ec();
		ROTATING_JWKS.publish(java.util.List.of(rotated));

		http.callService(Jwt.signedBy(rotated, ROTATING, http.url(SERVICE)).sign()).assertCriticalOpioidCard();
		assertThat(ROTATING_JWKS.requestCount()).isEqualTo(2);
	}

	@Test
	void recordsTheClientOfEachCallInTheAudit() throws InterruptedException {
		String hookInstance = UUID.randomUUID().toString();
		String call = CdsClient.exampleCall()
			.replaceFirst("\"hookInstance\": *\"[^\"]*\"", "\"hookInstance\": \"" + hookInstance + "\"");
		assertThat(call).contains(hookInstance);

		http.post(SERVICE, call, epic().claim("tenant", "hospital-a").sign()).assertCriticalOpioidCard();

		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		assertThat(jdbc.sql("select client_issuer, client_tenant from service_call where hook_instance = ?")
			.param(hookInstance)
			.query((row, n) -> row.getString(1) + " / " + row.getString(2))
			.list()).containsExactly(EPIC + " / hospital-a");
	}

	// Refused: no token, or not a token

	@Test
	void refusesACallWithoutAuthorization() {
		http.callService(null).assertUnauthorized();
	}

	@Test
	void refusesAnotherAuthorizationScheme() {
		String token = epic().sign();
		http.post(SERVICE, CdsClient.exampleCall(), null, "Authorization", "Basic " + token).assertUnauthorized();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-a-jwt", "a.b.c", "eyJhbGciOiJSUzM4NCJ9.e30.", "....", "eyJ9.eyJ9.eyJ9" })
	void refusesAMalformedToken(String token) {
		http.callService(token).assertUnauthorized();
	}

	// Refused: signature

	@Test
	void refusesATokenSignedByAnotherKeyUnderTheSameKeyId() {
		RSAKey impostor = TestKeys.rsa(EPIC_KEY.getKeyID());
		http.callService(Jwt.signedBy(impostor, EPIC, http.url(SERVICE)).sign()).assertUnauthorized();
	}

	@Test
	void refusesATokenWithATamperedPayload() {
		String[] parts = epic().sign().split("\\.");
		String otherClaims = epic().subject("another-client").sign().split("\\.")[1];
		http.callService(parts[0] + "." + otherClaims + "." + parts[2]).assertUnauthorized();
	}

	@Test
	void refusesAnUnsignedTokenWithAlgNone() {
		http.callService(epic().unsigned()).assertUnauthorized();
	}

	@Test
	void refusesAlgNoneInTheHeaderOfAnOtherwiseSignedToken() {
		String[] signed = epic().sign().split("\\.");
		String none = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		http.callService(none + "." + signed[1] + "." + signed[2]).assertUnauthorized();
		http.callService(none + "." + signed[1] + ".").assertUnauthorized();
	}

	@Test
	void refusesHs256SignedWithTheClientsPublicKeyAsSecret() {
		byte[] pem = pem(EPIC_KEY).getBytes(StandardCharsets.US_ASCII);
		byte[] jwk = EPIC_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
		for (byte[] secret : new byte[][] { pem, jwk }) {
			http.callService(epic().algorithm(JWSAlgorithm.HS256).signWithHmac(secret)).assertUnauthorized();
			http.callService(epic().algorithm(JWSAlgorithm.HS384).signWithHmac(secret)).assertUnauthorized();
		}
	}

	@Test
	void refusesAnAlgorithmTheClientIsNotConfiguredFor() {
		// Epic-style signs with RS384 only: the same key under RS256 is refused...
		http.callService(epic().algorithm(JWSAlgorithm.RS256).sign()).assertUnauthorized();
		http.callService(epic().algorithm(JWSAlgorithm.PS384).sign()).assertUnauthorized();
		// ...and the sandbox-style client signs with ES384 only.
		RSAKey rsa = TestKeys.rsa();
		SANDBOX_JWKS.publish(java.util.List.of(SANDBOX_KEY, rsa));
		try {
			http.callService(Jwt.signedBy(rsa, SANDBOX, http.url(SERVICE)).jku(SANDBOX_JWKS.url()).sign())
				.assertUnauthorized();
		}
		finally {
			SANDBOX_JWKS.publish(java.util.List.of(SANDBOX_KEY));
		}
	}

	@Test
	void refusesAKeyTheTokenCarriesInItsOwnHeader() {
		RSAKey attacker = TestKeys.rsa();
		http.callService(Jwt.signedBy(attacker, EPIC, http.url(SERVICE)).embeddedJwk(attacker).sign())
			.assertUnauthorized();
	}

	// Refused: issuer and key location

	@Test
	void refusesAnUnknownIssuer() {
		http.callService(epic().issuer("https://unknown.example.org").sign()).assertUnauthorized();
		http.callService(epic().without("iss").sign()).assertUnauthorized();
	}

	@Test
	void neverFetchesKeysFromAJkuOffTheAllowList() {
		URI evil = EVIL_JWKS.url();
		URI evilNamingTheAllowed = URI.create(evil + "?from=" + SANDBOX_JWKS.url());
		for (URI jku : new URI[] { evil, evilNamingTheAllowed }) {
			http.callService(Jwt.signedBy(EVIL_KEY, SANDBOX, http.url(SERVICE)).jku(jku).sign()).assertUnauthorized();
			http.callService(Jwt.signedBy(EVIL_RSA_KEY, EPIC, http.url(SERVICE)).jku(jku).sign()).assertUnauthorized();
		}
		assertThat(EVIL_JWKS.requestCount()).isZero();
	}

	@Test
	void refusesASandboxStyleTokenWithoutJku() {
		// That client has no JWK Set URL: its keys are only where an allowed jku says.
		http.callService(Jwt.signedBy(SANDBOX_KEY, SANDBOX, http.url(SERVICE)).sign()).assertUnauthorized();
	}

	// Refused: audience

	@Test
	void refusesATokenForAnotherEndpoint() {
		http.callService(epic(DISCOVERY).sign()).assertUnauthorized();
		http.callService(epic("/cds-services/ldn-order-sign").sign()).assertUnauthorized();
		http.callService(epic().audience("https://ldn-cds.example.org" + SERVICE).sign()).assertUnauthorized();
		http.callService(epic().without("aud").sign()).assertUnauthorized();
	}

	// Refused: lifetime

	@Test
	void refusesAnExpiredToken() {
		Instant now = Instant.now();
		http.callService(epic().issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(120)).sign())
			.assertUnauthorized();
	}

	@Test
	void refusesATokenNotYetValid() {
		Instant now = Instant.now();
		http.callService(epic().notBefore(now.plusSeconds(300)).expiresAt(now.plusSeconds(600)).sign())
			.assertUnauthorized();
	}

	@Test
	void refusesATokenIssuedInTheFuture() {
		Instant now = Instant.now();
		http.callService(epic().issuedAt(now.plusSeconds(300)).expiresAt(now.plusSeconds(600)).sign())
			.assertUnauthorized();
	}

	@Test
	void refusesATokenValidForLongerThanTheMaximumLifetime() {
		Instant now = Instant.now();
		http.callService(epic().issuedAt(now).expiresAt(now.plus(Duration.ofHours(2))).sign()).assertUnauthorized();
	}

	@ParameterizedTest
	@ValueSource(strings = { "exp", "iat", "jti" })
	void refusesATokenWithoutARequiredClaim(String claim) {
		http.callService(epic().without(claim).sign()).assertUnauthorized();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " " })
	void refusesABlankJwtIdEvenTheFirstTime(String jti) {
		http.callService(epic().jwtId(jti).sign()).assertUnauthorized();
	}

	// Refused: replay

	@Test
	void refusesATokenUsedTwice() {
		String token = epic().sign();
		http.callService(token).assertCriticalOpioidCard();
		http.callService(token).assertUnauthorized();
	}

	@Test
	void refusesAJwtIdUsedTwiceEvenInADifferentToken() {
		String jti = UUID.randomUUID().toString();
		http.callService(sandbox().jwtId(jti).sign()).assertCriticalOpioidCard();
		http.callService(sandbox().jwtId(jti).sign()).assertUnauthorized();
	}

	// Refused: a path the service answers must not escape authentication

	@ParameterizedTest
	@ValueSource(strings = { "/cds-services;x=1/ldn-order-select", "/cds-services/ldn-order-select;x=1",
			"/cds%2Dservices/ldn-order-select", "/cds-services/ldn%2Dorder%2Dselect", "//cds-services/ldn-order-select",
			"/./cds-services/ldn-order-select", "/x/../cds-services/ldn-order-select" })
	void authenticatesEveryPathSpellingOfAService(String path) {
		CdsClient.Answer answer = http.post(path, CdsClient.exampleCall(), null);
		assertThat(answer.status()).as("%s answered %s", path, answer.body()).isIn(400, 401, 404);
		assertThat(answer.body()).doesNotContain("cards");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/cds-services;x=1", "/cds%2Dservices", "/cds-services/" })
	void authenticatesEveryPathSpellingOfDiscovery(String path) {
		CdsClient.Answer answer = http.get(path, null);
		assertThat(answer.status()).as("%s answered %s", path, answer.body()).isIn(400, 401, 404);
		assertThat(answer.body()).doesNotContain("services");
	}

	private static String pem(RSAKey key) {
		try {
			String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(key.toRSAPublicKey().getEncoded());
			return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
