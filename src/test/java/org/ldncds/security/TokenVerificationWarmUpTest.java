package org.ldncds.security;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The startup warm-up of the token path: it verifies throwaway ES384 and RS384 tokens by
 * the verifier's own steps, prepares the trusted keys held without fetching, and leaves
 * nothing behind that a real call could use: its keys authenticate nobody, the replay
 * cache and the verifiers kept for the clients' keys hold nothing of it, and its log is
 * one line without a token.
 */
class TokenVerificationWarmUpTest {

	static final String EHR = "https://ehr.example.org";

	static final String SERVICE_URL = "https://cds.example.org/cds-services/ldn-order-select";

	static final Audiences.Endpoint SERVICE = new Audiences.Endpoint(List.of(SERVICE_URL), List.of());

	@TempDir
	Path directory;

	private final ECKey clientKey = TestKeys.ec();

	private final CountingReplayCache replays = new CountingReplayCache();

	private final SignatureVerifiers signatureVerifiers = SignatureVerifiers.jdk();

	private final List<JWK> madeKeys = new ArrayList<>();

	private ClientTokenVerifier verifier;

	private TokenVerificationWarmUp warmUp;

	@BeforeEach
	void trustOneClientWithAKeyFile() throws Exception {
		Path jwks = Files.writeString(directory.resolve("jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
		// The algorithms a client is trusted with by default: RS384 and ES384.
		SecurityProperties properties = properties(true,
				new SecurityProperties.Client(EHR, null, jwks.toString(), List.of(), List.of(), List.of(),
						List.of("RS384", "ES384"), null, null, null, SecurityProperties.KeySetFormat.JWK_SET));
		verifier = new ClientTokenVerifier(properties, null, replays, Clock.systemUTC(), signatureVerifiers);
		warmUp = new TokenVerificationWarmUp(verifier, properties, Clock.systemUTC(), this::recordedKey);
	}

	@Test
	void verifiesThrowawayEs384AndRs384TokensAndPreparesTheHeldClientKey() {
		TokenVerificationWarmUp.Result result = warmUp.warmUp();

		assertThat(result.failure()).isNull();
		assertThat(result.algorithms()).containsExactly("ES384", "RS384");
		assertThat(result.checks()).isGreaterThanOrEqualTo(2).isEven();
		assertThat(result.heldKeys()).isEqualTo(1);
		assertThat(madeKeys).extracting(JWK::getKeyType).containsExactlyInAnyOrder(KeyType.EC, KeyType.RSA);
		assertThat(madeKeys).filteredOn(ECKey.class::isInstance)
			.extracting((key) -> ((ECKey) key).getCurve())
			.containsExactly(Curve.P_384);
	}

	@Test
	void aTokenSignedByAThrowawayKeyAuthenticatesNobody() throws Exception {
		warmUp.warmUp();

		assertThat(madeKeys).hasSize(2);
		for (JWK key : madeKeys) {
			// As the warm-up signs them, and for its own audience.
			assertRefused(Jwt.signedBy(key, TokenVerificationWarmUp.ISSUER, SERVICE_URL).sign(), "unknown issuer");
			assertRefused(Jwt.signedBy(key, TokenVerificationWarmUp.ISSUER, TokenVerificationWarmUp.AUDIENCE).sign(),
					"unknown issuer");
			// In the trusted client's name: under its own key id, and under the client's.
			assertRefused(Jwt.signedBy(key, EHR, SERVICE_URL).sign(), "no key");
			assertRefused(Jwt.signedBy(key, EHR, SERVICE_URL).keyId(clientKey.getKeyID()).sign(), null);
		}
		assertThat(verifier.verify(Jwt.signedBy(clientKey, EHR, SERVICE_URL).sign(), SERVICE).issuer())
			.as("the client's own token")
			.isEqualTo(EHR);
	}

	@Test
	void leavesNothingOfItsKeysInTheReplayCacheOrAmongTheKeptVerifiers() {
		warmUp.warmUp();

		assertThat(replays.calls).as("token ids recorded in the service's replay cache").isZero();
		assertThat(signatureVerifiers.cachedKeys()).as("verifiers kept: the client's key only").isEqualTo(1);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void logsOneLineWithItsTimingsAndNoToken(CapturedOutput output) {
		warmUp.run(new DefaultApplicationArguments());

		List<String> lines = output.getAll()
			.lines()
			.filter((line) -> line.contains("TokenVerificationWarmUp"))
			.toList();
		assertThat(lines).singleElement()
			.asString()
			.contains("INFO")
			.containsPattern("Token verification warmed up in \\d+ ms: \\d+ checks of throwaway \\[ES384, RS384\\] "
					+ "tokens \\(key pairs made in \\d+ ms\\), 1 trusted key\\(s\\) prepared");
		assertThat(output.getAll()).doesNotContain("eyJ");
		assertThat(warmUp.result()).hasValueSatisfying((result) -> assertThat(result.failure()).isNull());
	}

	@Test
	void doesNothingWhenClientAuthenticationIsOff() {
		TokenVerificationWarmUp off = new TokenVerificationWarmUp(verifier, properties(false), Clock.systemUTC(),
				this::recordedKey);

		off.run(new DefaultApplicationArguments());

		assertThat(off.result()).isEmpty();
		assertThat(madeKeys).isEmpty();
	}

	@Test
	void readsItsKeysBackAsADaVinciKeyListWhenAClientPublishesOne() {
		SecurityProperties properties = properties(true,
				new SecurityProperties.Client("https://crd.example.org", null, null,
						List.of(URI.create("https://crd.example.org/public_keys")), List.of(), List.of(),
						List.of("RS256"), null, null, null, SecurityProperties.KeySetFormat.DAVINCI_PUBLIC_KEYS));
		ClientTokenVerifier crd = new ClientTokenVerifier(properties, null, replays, Clock.systemUTC(),
				signatureVerifiers);

		TokenVerificationWarmUp.Result result = new TokenVerificationWarmUp(crd, properties, Clock.systemUTC(),
				this::recordedKey)
			.warmUp();

		assertThat(result.failure()).isNull();
		assertThat(result.algorithms()).containsExactly("RS256");
		assertThat(result.heldKeys()).as("nothing fetched").isZero();
		assertThat(crd.fetchedKeySetFormats()).containsExactly(SecurityProperties.KeySetFormat.DAVINCI_PUBLIC_KEYS);
	}

	@Test
	void leavesAnAlgorithmColdWhenNoKeyPairCanBeMadeForIt() {
		TokenVerificationWarmUp noKeys = new TokenVerificationWarmUp(verifier, properties(true), Clock.systemUTC(),
				(algorithm, provider) -> {
					throw new com.nimbusds.jose.JOSEException("no such curve here");
				});

		TokenVerificationWarmUp.Result result = noKeys.warmUp();

		assertThat(result.failure()).isNull();
		assertThat(result.algorithms()).isEmpty();
		assertThat(result.checks()).isZero();
	}

	private void assertRefused(String token, String reason) {
		var refused = assertThatThrownBy(() -> verifier.verify(token, SERVICE))
			.isInstanceOf(AuthenticationFailure.class);
		if (reason != null) {
			refused.hasMessageContaining(reason);
		}
	}

	private JWK recordedKey(com.nimbusds.jose.JWSAlgorithm algorithm, java.security.Provider provider)
			throws com.nimbusds.jose.JOSEException {
		JWK key = TokenVerificationWarmUp.makeKey(algorithm, provider);
		madeKeys.add(key);
		return key;
	}

	private static SecurityProperties properties(boolean enabled, SecurityProperties.Client... clients) {
		return new SecurityProperties(enabled, List.of(clients), Duration.ofSeconds(60), Duration.ofHours(1), false,
				List.of(), new SecurityProperties.DemoClient(false, List.of()), null, 2, Duration.ofSeconds(30));
	}

	/** Counts the token ids it is asked about; every one is a first use. */
	private static final class CountingReplayCache implements ReplayCache {

		private int calls;

		@Override
		public boolean firstUse(String issuer, String jti, Instant expiresAt) {
			calls++;
			return true;
		}

	}

}
