package org.ldncds.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONArrayUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * The recipes of docs/security.md, each configured with exactly the properties the recipe
 * gives (only file paths and the test servers' URLs differ), each admitting a token of
 * the shape its real client sends and refusing what goes beyond its limits: the CDS Hooks
 * sandbox offline (its key id and {@code jku}, a {@code jwks-file}), the Da Vinci CRD
 * request generator (RS256, 24-hour tokens, a new key per page load, its
 * {@code /public_keys} list) and an Epic-style client (RS384 at its JWK Set URL), behind
 * a proxy with {@code ldn.security.public-base-url} set. One client's allowances never
 * widen another's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.security.enabled=true", "ldn.security.demo-client.enabled=true",
				"server.forward-headers-strategy=native" })
@ExtendWith(OutputCaptureExtension.class)
class ClientRecipesIT {

	static final String PUBLIC_BASE_URL = "https://cds.example.org";

	static final String PUBLIC_SERVICE_URL = PUBLIC_BASE_URL + SERVICE;

	// The CDS Hooks sandbox: its issuer, key id and jku, as its tokens carry them.

	static final String SANDBOX_ISSUER = "https://sandbox.cds-hooks.org";

	static final String SANDBOX_KID = "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f";

	static final String SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json";

	/** Stands in for the sandbox's key (its private half is not ours to use). */
	static final ECKey SANDBOX_KEY = TestKeys.ec(SANDBOX_KID);

	static final Path SANDBOX_JWKS_FILE = jwksFile(SANDBOX_KEY);

	// The Da Vinci CRD request generator: iss is its FHIR server.

	static final String CRD_ISSUER = "https://ehr.example.org/fhir";

	static final RSAKey CRD_FIRST_KEY = crdKey();

	static final JwksServer CRD_KEYS = JwksServer.daVinciPublicKeys(ClientRecipesIT::daVinciPublicKeys, CRD_FIRST_KEY);

	/** The same recipe for a second generator, whose key refreshes one test counts. */
	static final String CRD_BUSY_ISSUER = "https://ehr2.example.org/fhir";

	static final JwksServer CRD_BUSY_KEYS = JwksServer.daVinciPublicKeys(ClientRecipesIT::daVinciPublicKeys);

	// Epic-style, and the same recipe for a client whose refreshes one test counts.

	static final String EPIC_ISSUER = "https://epic.example-hospital.org/interconnect-fhir-oauth";

	static final RSAKey EPIC_KEY = TestKeys.rsa();

	static final JwksServer EPIC_JWKS = JwksServer.serving(EPIC_KEY);

	static final String EPIC_ROTATING_ISSUER = "https://epic2.example-hospital.org/interconnect-fhir-oauth";

	static final JwksServer EPIC_ROTATING_JWKS = JwksServer.serving(TestKeys.rsa());

	// Clients whose keys cannot be had.

	static final String OFFLINE_ISSUER = "https://offline.example.org";

	static final URI OFFLINE_JKU = URI.create("http://127.0.0.1:" + closedPort() + "/.well-known/jwks.json");

	static final String REDIRECTED_ISSUER = "https://redirected.example.org";

	static final JwksServer REDIRECTING_JWKS = JwksServer.redirectingTo(EPIC_JWKS.url());

	// A client with a JWK Set URL that also signs with a jku header naming another URL.

	static final String BOTH_ISSUER = "https://both.example.org";

	static final RSAKey BOTH_KEY = TestKeys.rsa();

	static final JwksServer BOTH_JWKS = JwksServer.serving(BOTH_KEY);

	static final JwksServer BOTH_JKU = JwksServer.serving(BOTH_KEY);

	@DynamicPropertySource
	static void recipes(DynamicPropertyRegistry registry) {
		registry.add("ldn.security.public-base-url", () -> PUBLIC_BASE_URL);
		// The CDS Hooks sandbox, offline.
		registry.add("ldn.security.clients[0].issuer", () -> SANDBOX_ISSUER);
		registry.add("ldn.security.clients[0].jwks-file", () -> SANDBOX_JWKS_FILE.toString());
		registry.add("ldn.security.clients[0].jku-allow-list", () -> SANDBOX_JKU);
		registry.add("ldn.security.clients[0].algorithms", () -> "ES384");
		registry.add("ldn.security.clients[0].fhir-servers", () -> "https://fhir.sandbox.example.org");
		// The Da Vinci CRD request generator, twice.
		crdRecipe(registry, 1, CRD_ISSUER, CRD_KEYS);
		crdRecipe(registry, 2, CRD_BUSY_ISSUER, CRD_BUSY_KEYS);
		// Epic-style, twice.
		epicRecipe(registry, 3, EPIC_ISSUER, EPIC_JWKS.url());
		epicRecipe(registry, 4, EPIC_ROTATING_ISSUER, EPIC_ROTATING_JWKS.url());
		// Keys that cannot be fetched.
		registry.add("ldn.security.clients[5].issuer", () -> OFFLINE_ISSUER);
		registry.add("ldn.security.clients[5].jku-allow-list", () -> OFFLINE_JKU);
		registry.add("ldn.security.clients[6].issuer", () -> REDIRECTED_ISSUER);
		registry.add("ldn.security.clients[6].jwks-url", () -> REDIRECTING_JWKS.url());
		registry.add("ldn.security.clients[6].algorithms", () -> "RS384");
		registry.add("ldn.security.clients[7].issuer", () -> BOTH_ISSUER);
		registry.add("ldn.security.clients[7].jwks-url", () -> BOTH_JWKS.url());
		registry.add("ldn.security.clients[7].jku-allow-list", () -> BOTH_JKU.url());
	}

	private static void crdRecipe(DynamicPropertyRegistry registry, int n, String issuer, JwksServer keys) {
		String client = "ldn.security.clients[" + n + "].";
		registry.add(client + "issuer", () -> issuer);
		registry.add(client + "jku-allow-list", () -> keys.url());
		registry.add(client + "key-set-format", () -> "davinci-public-keys");
		registry.add(client + "algorithms", () -> "RS256");
		registry.add(client + "max-token-lifetime", () -> "24h");
		registry.add(client + "key-refresh-limit", () -> "10");
		registry.add(client + "key-refresh-period", () -> "1m");
		registry.add(client + "fhir-servers", () -> "https://ehr.example.org");
	}

	private static void epicRecipe(DynamicPropertyRegistry registry, int n, String issuer, URI jwksUrl) {
		String client = "ldn.security.clients[" + n + "].";
		registry.add(client + "issuer", () -> issuer);
		registry.add(client + "jwks-url", () -> jwksUrl);
		registry.add(client + "algorithms", () -> "RS384");
		registry.add(client + "fhir-servers", () -> "https://epic.example-hospital.org");
	}

	@AfterAll
	static void stopServers() {
		for (JwksServer server : List.of(CRD_KEYS, CRD_BUSY_KEYS, EPIC_JWKS, EPIC_ROTATING_JWKS, REDIRECTING_JWKS,
				BOTH_JWKS, BOTH_JKU)) {
			server.close();
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	DemoClient demo;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@AfterEach
	void noTokenReachedTheLog(CapturedOutput output) {
		http.assertNoTokenIn(output.getAll());
	}

	// The CDS Hooks sandbox

	@Test
	void acceptsTheSandboxTokenShapeFromItsConfiguredKeySetWithoutFetchingItsJku() {
		// The jku is on the internet, which this test cannot reach:
		// the key came from the jwks-file.
		http.callService(sandboxToken(SANDBOX_KEY, PUBLIC_SERVICE_URL)).assertCriticalOpioidCard();
	}

	@Test
	void refusesASandboxTokenBeyondTheGlobalLimits() {
		Instant now = Instant.now();
		http.callService(sandbox().expiresAt(now.plus(Duration.ofHours(2))).sign()).assertUnauthorized();
		http.callService(Jwt.signedBy(TestKeys.rsa(SANDBOX_KID), SANDBOX_ISSUER, PUBLIC_SERVICE_URL)
			.jku(URI.create(SANDBOX_JKU))
			.sign()).assertUnauthorized();
		http.callService(sandbox().jku(URI.create(SANDBOX_JKU + "?x")).sign()).assertUnauthorized();
	}

	// The Da Vinci CRD request generator

	@Test
	void acceptsTheCrdRequestGeneratorsRs256TokenOfTwentyFourHours() {
		http.callService(crdToken(CRD_FIRST_KEY, CRD_ISSUER, CRD_KEYS)).assertCriticalOpioidCard();
	}

	@Test
	void refusesACrdTokenBeyondItsOwnLimits(CapturedOutput output) {
		Instant now = Instant.now();
		http.callService(crd(CRD_FIRST_KEY, CRD_ISSUER, CRD_KEYS).expiresAt(now.plus(Duration.ofHours(25))).sign())
			.assertUnauthorized();
		assertThat(output.getAll()).contains("lifetime longer than PT24H (max-token-lifetime)");
		http.callService(crd(CRD_FIRST_KEY, CRD_ISSUER, CRD_KEYS).algorithm(JWSAlgorithm.RS384).sign())
			.assertUnauthorized();
	}

	@Test
	void admitsACrdClientThatMakesANewKeyPerPageLoadUpToItsOwnRefreshLimit(CapturedOutput output) {
		// Ten fetches a minute: the first, then one per page load.
		for (int pageLoad = 1; pageLoad <= 10; pageLoad++) {
			RSAKey key = crdKey();
			CRD_BUSY_KEYS.add(key);
			http.callService(crdToken(key, CRD_BUSY_ISSUER, CRD_BUSY_KEYS)).assertCriticalOpioidCard();
		}
		assertThat(CRD_BUSY_KEYS.requestCount()).isEqualTo(10);
		RSAKey eleventh = crdKey();
		CRD_BUSY_KEYS.add(eleventh);
		http.callService(crdToken(eleventh, CRD_BUSY_ISSUER, CRD_BUSY_KEYS)).assertUnauthorized();
		assertThat(output.getAll()).contains("key '" + eleventh.getKeyID() + "' is not among the keys fetched from "
				+ CRD_BUSY_KEYS.url() + " and they may not be fetched again yet: the refresh limit of "
				+ CRD_BUSY_ISSUER + " (10 fetches per 1m");
		assertThat(CRD_BUSY_KEYS.requestCount()).isEqualTo(10);
	}

	// Epic-style

	@Test
	void acceptsAnEpicStyleTokenForThePublicUrl() {
		http.callService(epic().subject("epic-client-id").notBefore(Instant.now()).sign()).assertCriticalOpioidCard();
	}

	@Test
	void refusesAnEpicStyleTokenBeyondTheGlobalLimitsWhichTheCrdRecipeDidNotWiden() {
		Instant now = Instant.now();
		http.callService(epic().expiresAt(now.plus(Duration.ofHours(24))).sign()).assertUnauthorized();
		http.callService(epic().algorithm(JWSAlgorithm.RS256).sign()).assertUnauthorized();
	}

	@Test
	void anEpicStyleClientHasTheDefaultRefreshLimitOfTwoFetchesPerThirtySeconds(CapturedOutput output) {
		List<RSAKey> keys = new ArrayList<>(List.of(TestKeys.rsa()));
		EPIC_ROTATING_JWKS.publish(keys);
		// The first fetch.
		http.callService(rotatingEpic(keys.get(0)).sign()).assertCriticalOpioidCard();
		// A new key id: the second fetch.
		keys.add(TestKeys.rsa());
		EPIC_ROTATING_JWKS.publish(keys);
		http.callService(rotatingEpic(keys.get(1)).sign()).assertCriticalOpioidCard();
		// Another, within 30 seconds: not fetched, refused, and the log says why.
		keys.add(TestKeys.rsa());
		EPIC_ROTATING_JWKS.publish(keys);
		http.callService(rotatingEpic(keys.get(2)).sign()).assertUnauthorized();
		assertThat(output.getAll()).contains("the refresh limit of " + EPIC_ROTATING_ISSUER + " (2 fetches per 30s");
		assertThat(EPIC_ROTATING_JWKS.requestCount()).isEqualTo(2);
	}

	// Keys already held are used before anything is fetched

	@Test
	void keysAlreadyFetchedFromTheJwksUrlVerifyATokenNamingAnAllowedJkuWithoutFetchingIt() {
		http.callService(Jwt.signedBy(BOTH_KEY, BOTH_ISSUER, PUBLIC_SERVICE_URL).sign()).assertCriticalOpioidCard();
		assertThat(BOTH_JWKS.requestCount()).isEqualTo(1);
		http.callService(Jwt.signedBy(BOTH_KEY, BOTH_ISSUER, PUBLIC_SERVICE_URL).jku(BOTH_JKU.url()).sign())
			.assertCriticalOpioidCard();
		assertThat(BOTH_JKU.requestCount()).isZero();
		assertThat(BOTH_JWKS.requestCount()).isEqualTo(1);
	}

	// Keys that cannot be had

	@Test
	void logsTheUrlAndTheCauseWhenKeysCannotBeFetched(CapturedOutput output) {
		RSAKey key = TestKeys.rsa();
		http.callService(Jwt.signedBy(key, OFFLINE_ISSUER, PUBLIC_SERVICE_URL).jku(OFFLINE_JKU).sign())
			.assertUnauthorized();
		assertThat(output.getAll())
			.contains("Could not fetch the keys of client " + OFFLINE_ISSUER + " from " + OFFLINE_JKU + ": ")
			.contains("ConnectException");
	}

	@Test
	void neverFollowsARedirectForKeys(CapturedOutput output) {
		http.callService(Jwt.signedBy(EPIC_KEY, REDIRECTED_ISSUER, PUBLIC_SERVICE_URL).sign()).assertUnauthorized();
		assertThat(output.getAll())
			.contains("Could not fetch the keys of client " + REDIRECTED_ISSUER + " from " + REDIRECTING_JWKS.url()
					+ ": ")
			.contains("HTTP 302");
	}

	// The audience is the public base URL, whatever the request says

	@Test
	void acceptsThePublicUrlWhateverHostTheProxySends() {
		http.rawPost(SERVICE, CdsClient.exampleCall(), epic().sign(), "10.1.2.3:8080").assertCriticalOpioidCard();
	}

	@Test
	void refusesTheServicesInternalUrlWhenAPublicBaseUrlIsSet() {
		http.callService(epic().audience(http.url(SERVICE)).sign()).assertUnauthorized();
	}

	@Test
	void refusesATokenForAnotherServiceWhateverTheHostAndForwardedHeadersSay() {
		String evil = "http://evil.example" + SERVICE;
		http.rawPost(SERVICE, CdsClient.exampleCall(), epic().audience(evil).sign(), "evil.example")
			.assertUnauthorized();
		http.rawPost(SERVICE, CdsClient.exampleCall(), epic().audience(evil).sign(), "localhost:" + port,
				"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http", "X-Forwarded-Port", "80")
			.assertUnauthorized();
		http.rawPost(SERVICE, CdsClient.exampleCall(), epic().audience(evil).sign(), "localhost:" + port, "Forwarded",
				"host=evil.example;proto=http")
			.assertUnauthorized();
	}

	@Test
	void theDemoClientStillNamesThisMachineForItsLocalCallers() {
		http.callService(demo.tokenFor(http.url(SERVICE))).assertCriticalOpioidCard();
		http.callService(demo.tokenFor(PUBLIC_SERVICE_URL)).assertCriticalOpioidCard();
		http.callService(demo.tokenFor("http://evil.example" + SERVICE)).assertUnauthorized();
	}

	@Test
	void saysAtStartupWhichAudienceTokensMustName(CapturedOutput output) {
		assertThat(output.getAll())
			.contains("Client tokens must name aud https://cds.example.org/cds-services/{service} "
					+ "(ldn.security.public-base-url)");
	}

	// Tokens as each client mints them

	/**
	 * A token exactly as the CDS Hooks sandbox mints it: ES384; typ, kid and jku in the
	 * header; iss, aud, exp (5 minutes), iat and a UUID jti.
	 */
	static String sandboxToken(ECKey key, String audience) {
		return Jwt.signedBy(key, SANDBOX_ISSUER, audience).jku(URI.create(SANDBOX_JKU)).sign();
	}

	private Jwt sandbox() {
		return Jwt.signedBy(SANDBOX_KEY, SANDBOX_ISSUER, PUBLIC_SERVICE_URL).jku(URI.create(SANDBOX_JKU));
	}

	/**
	 * A token exactly as the CRD request generator mints it: RS256, its key's thumbprint
	 * as kid, its /public_keys as jku; exp a day after iat; a long random jti.
	 */
	private String crdToken(RSAKey key, String issuer, JwksServer keys) {
		return crd(key, issuer, keys).sign();
	}

	private Jwt crd(RSAKey key, String issuer, JwksServer keys) {
		Instant now = Instant.now();
		return Jwt.signedBy(key, issuer, PUBLIC_SERVICE_URL)
			.algorithm(JWSAlgorithm.RS256)
			.jku(keys.url())
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofDays(1)))
			.jwtId(UUID.randomUUID() + ".J0wM.uk-Lg9aDtlyrk4a8x~" + UUID.randomUUID());
	}

	private Jwt epic() {
		return Jwt.signedBy(EPIC_KEY, EPIC_ISSUER, PUBLIC_SERVICE_URL);
	}

	private Jwt rotatingEpic(RSAKey key) {
		return Jwt.signedBy(key, EPIC_ROTATING_ISSUER, PUBLIC_SERVICE_URL);
	}

	/** A key as the generator makes one per page load: RSA 2048, kid its thumbprint. */
	static RSAKey crdKey() {
		try {
			return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The generator's {@code /public_keys} document: {@code [{"pem": <JWK without kid>,
	 * "id": <kid>, "timestamp": ...}]}.
	 */
	static String daVinciPublicKeys(List<? extends JWK> keys) {
		List<Object> entries = JSONArrayUtils.newJSONArray();
		for (JWK key : keys) {
			Map<String, Object> jwk = new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
			jwk.remove("kid");
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("pem", jwk);
			entry.put("id", key.getKeyID());
			entry.put("timestamp", Instant.now().toString());
			entries.add(entry);
		}
		return JSONArrayUtils.toJSONString(entries);
	}

	private static Path jwksFile(JWK key) {
		try {
			Path file = Files.createTempFile("sandbox-jwks", ".json");
			file.toFile().deleteOnExit();
			Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
