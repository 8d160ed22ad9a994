package org.ldncds.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration the verifier refuses to start with, and what it refuses in a token. */
class ClientTokenVerifierTest {

	static final String EHR = "https://ehr.example.org";

	static final String SERVICE_URL = "https://cds.example.org/cds-services/ldn-order-select";

	static final Audiences.Endpoint SERVICE = new Audiences.Endpoint(List.of(SERVICE_URL), List.of());

	@ParameterizedTest
	@ValueSource(strings = { "HS256", "HS384", "HS512", "none", "RSA-OAEP", "nonsense" })
	void refusesToTrustAClientWithASymmetricOrNoSignature(String algorithm) {
		assertThatIllegalStateException().isThrownBy(() -> verifierTrusting(algorithm))
			.withMessageContaining("https://ehr.example.org")
			.withMessageContaining(algorithm);
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS384", "ES384", "RS256", "PS384", "ES256" })
	void trustsAClientWithAnRsaOrEcSignature(String algorithm) {
		assertThatCode(() -> verifierTrusting(algorithm)).doesNotThrowAnyException();
	}

	@Test
	void refusesABlankJwtIdWhichCouldNotTellOneTokenFromAnother() throws Exception {
		ECKey key = TestKeys.ec();
		ClientTokenVerifier verifier = verifier(client(EHR, key));
		for (String blank : new String[] { "", "   " }) {
			String token = Jwt.signedBy(key, EHR, SERVICE_URL).jwtId(blank).sign();
			assertThatThrownBy(() -> verifier.verify(token, SERVICE)).as("jti '%s'", blank)
				.isInstanceOf(AuthenticationFailure.class)
				.hasMessage("jti blank or not a string");
			assertThatThrownBy(() -> verifier.verify(token, SERVICE)).as("again")
				.hasMessage("jti blank or not a string");
		}
		String numeric = Jwt.signedBy(key, EHR, SERVICE_URL).claim("jti", 42).sign();
		assertThatThrownBy(() -> verifier.verify(numeric, SERVICE)).isInstanceOf(AuthenticationFailure.class);
		assertThat(verifier.verify(Jwt.signedBy(key, EHR, SERVICE_URL).sign(), SERVICE).issuer()).isEqualTo(EHR);
	}

	@Test
	void theShippedSandboxKeySetHoldsTheSandboxPublicKeyUnderTheKeyIdItsTokensName() throws Exception {
		SecurityProperties.Client sandbox = sandboxRecipe("classpath:security/cds-hooks-sandbox.jwks.json");
		JWK key = new ClientKeys(sandbox, new KeyRefreshLimit(2, Duration.ofSeconds(30), Clock.systemUTC()),
				Clock.systemUTC())
			.candidatesFor(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES384)
				.keyID(ClientRecipesIT.SANDBOX_KID)
				.jwkURL(URI.create(ClientRecipesIT.SANDBOX_JKU))
				.build())
			.get(0);
		assertThat(key.toECKey().getCurve()).isEqualTo(Curve.P_384);
		assertThat(key.isPrivate()).isFalse();
	}

	@Test
	void aSandboxTokenIsCheckedAgainstTheShippedKeyWithoutFetchingItsJku() {
		// Signed by another key under the sandbox's key id: refused
		// for its signature, which proves the configured key was
		// used and the jku (unreachable from here) was not fetched.
		ClientTokenVerifier verifier = verifier(sandboxRecipe("classpath:security/cds-hooks-sandbox.jwks.json"));
		String forged = ClientRecipesIT.sandboxToken(TestKeys.ec(ClientRecipesIT.SANDBOX_KID), SERVICE_URL);
		assertThatThrownBy(() -> verifier.verify(forged, SERVICE)).isInstanceOf(AuthenticationFailure.class)
			.hasMessageContaining("Invalid signature");
	}

	@Test
	void readsTheDaVinciRequestGeneratorsKeyList() throws Exception {
		com.nimbusds.jose.jwk.RSAKey key = ClientRecipesIT.crdKey();
		String document = ClientRecipesIT.daVinciPublicKeys(List.of(key, ClientRecipesIT.crdKey()));
		assertThat(document).doesNotContain("\"kid\"");
		JWK read = RemoteKeySet.parseDaVinciPublicKeys(document).getKeyByKeyId(key.getKeyID());
		assertThat(read).isEqualTo(key.toPublicJWK());
		for (String malformed : new String[] { "{\"keys\": []}", "[{\"id\": \"a\"}]", "[{\"pem\": {}, \"id\": 1}]",
				"[{\"id\": \"a\", \"pem\": {\"kty\": \"RSA\"}}]" }) {
			assertThatThrownBy(() -> RemoteKeySet.parseDaVinciPublicKeys(malformed)).as(malformed)
				.isInstanceOf(java.text.ParseException.class);
		}
	}

	@Test
	void aKeyRefreshLimitCountsFetchesInASlidingWindow() {
		MutableClock clock = new MutableClock();
		KeyRefreshLimit limit = new KeyRefreshLimit(3, Duration.ofSeconds(30), clock);
		assertThat(limit.tryFetch()).isTrue();
		clock.advance(Duration.ofSeconds(10));
		assertThat(limit.tryFetch()).isTrue();
		assertThat(limit.tryFetch()).isTrue();
		assertThat(limit.tryFetch()).isFalse();
		clock.advance(Duration.ofSeconds(21));
		assertThat(limit.tryFetch()).as("the first fetch left the window").isTrue();
		assertThat(limit.tryFetch()).isFalse();
		assertThat(limit).hasToString("3 fetches per 30s");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void warnsAtStartupOfKeysFetchedOverPlainHttpFromAnotherMachine(CapturedOutput output) {
		verifier(new SecurityProperties.Client("https://crd.example.org", null, null,
				List.of(URI.create("http://crd-generator.example.org/public_keys"),
						URI.create("http://localhost:3000/public_keys")),
				List.of(), List.of(), List.of("RS256"), null, null, null,
				SecurityProperties.KeySetFormat.DAVINCI_PUBLIC_KEYS));
		assertThat(output.getAll())
			.contains("Client https://crd.example.org keys are fetched over plain http from "
					+ "http://crd-generator.example.org/public_keys")
			.doesNotContain("from http://localhost:3000/public_keys");
	}

	static SecurityProperties.Client sandboxRecipe(String jwksFile) {
		return new SecurityProperties.Client(ClientRecipesIT.SANDBOX_ISSUER, null, jwksFile,
				List.of(URI.create(ClientRecipesIT.SANDBOX_JKU)), List.of(), List.of(), List.of("ES384"), null, null,
				null, SecurityProperties.KeySetFormat.JWK_SET);
	}

	private static SecurityProperties.Client client(String issuer, ECKey key) throws Exception {
		java.nio.file.Path file = java.nio.file.Files.createTempFile("jwks", ".json");
		file.toFile().deleteOnExit();
		java.nio.file.Files.writeString(file, new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString());
		return new SecurityProperties.Client(issuer, null, file.toString(), List.of(), List.of(), List.of(),
				List.of("ES384"), null, null, null, SecurityProperties.KeySetFormat.JWK_SET);
	}

	private static ClientTokenVerifier verifierTrusting(String algorithm) {
		return verifier(new SecurityProperties.Client(EHR, null, null, List.of(), List.of(), List.of(),
				List.of(algorithm), null, null, null, SecurityProperties.KeySetFormat.JWK_SET));
	}

	static ClientTokenVerifier verifier(SecurityProperties.Client... clients) {
		SecurityProperties properties = new SecurityProperties(true, List.of(clients), Duration.ofSeconds(60),
				Duration.ofHours(1), false, List.of(), new SecurityProperties.DemoClient(false, List.of()), null, 2,
				Duration.ofSeconds(30));
		return new ClientTokenVerifier(properties, null, Clock.systemUTC());
	}

	/** A clock a test moves by hand. */
	static final class MutableClock extends Clock {

		private java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public java.time.ZoneId getZone() {
			return java.time.ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public java.time.Instant instant() {
			return now;
		}

	}

}
