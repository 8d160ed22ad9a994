package org.ldncds.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * The token path's warm-up in the running service, with a client trusted as an operator
 * registers an EHR (its JWK Set file, RS384 and ES384): it has verified throwaway tokens
 * when the instance says it is ready, and a token signed by a warm-up key, in its own
 * name or in the client's, is refused with the same 401 as any other. The keys of the
 * warm-up that ran at startup are forgotten when it ends; those of a warm-up run again
 * here, on the service's own verifier, are recorded to sign the refused tokens.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.security.enabled=true", "ldn.security.demo-client.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class TokenVerificationWarmUpIT {

	static final String EHR = "https://ehr.warm-up.example.org";

	static final RSAKey EHR_KEY = TestKeys.rsa();

	@DynamicPropertySource
	static void trustedClient(DynamicPropertyRegistry registry) {
		registry.add("ldn.security.clients[0].issuer", () -> EHR);
		registry.add("ldn.security.clients[0].jwks-file", TokenVerificationWarmUpIT::publicKeyFile);
		registry.add("ldn.security.clients[0].algorithms", () -> "RS384,ES384");
	}

	@LocalServerPort
	int port;

	@Autowired
	ReadinessWitness witness;

	@Autowired
	ClientTokenVerifier verifier;

	@Autowired
	SecurityProperties properties;

	@Test
	void theWarmUpHadVerifiedThrowawayEs384AndRs384TokensWhenTheInstanceSaidItWasReady() {
		assertThat(witness.atReadiness).as("the warm-up's outcome when the instance said it was ready")
			.hasValueSatisfying((result) -> {
				assertThat(result.failure()).isNull();
				assertThat(result.algorithms()).containsExactly("ES384", "RS384");
				assertThat(result.checks()).isGreaterThanOrEqualTo(2);
				assertThat(result.heldKeys()).as("the client's key from its jwks-file").isEqualTo(1);
			});
	}

	@Test
	void aTokenSignedByAWarmUpKeyIsRefusedWith401() {
		List<JWK> keys = new ArrayList<>();
		TokenVerificationWarmUp.Result again = new TokenVerificationWarmUp(verifier, properties, Clock.systemUTC(),
				(algorithm, provider) -> recorded(keys, algorithm, provider))
			.warmUp();
		assertThat(again.failure()).isNull();
		assertThat(keys).extracting(JWK::getClass).containsExactlyInAnyOrder(ECKey.class, RSAKey.class);

		CdsClient http = new CdsClient(port);
		for (JWK key : keys) {
			http.callService(Jwt.signedBy(key, TokenVerificationWarmUp.ISSUER, http.url(SERVICE)).sign())
				.assertUnauthorized();
			http.callService(Jwt.signedBy(key, EHR, http.url(SERVICE)).sign()).assertUnauthorized();
			http.callService(Jwt.signedBy(key, EHR, http.url(SERVICE)).keyId(EHR_KEY.getKeyID()).sign())
				.assertUnauthorized();
		}
		http.callService(Jwt.signedBy(EHR_KEY, EHR, http.url(SERVICE)).sign()).assertCriticalOpioidCard();
	}

	@Test
	void startupLoggedOneLineOfTheWarmUpAndNoRefusedCallNorToken(CapturedOutput output) {
		// Up to the HTTP warm-up, the last step before readiness: the other tests'
		// calls come later.
		String all = output.getAll();
		assertThat(all).contains("HTTP warm-up: ");
		String startup = all.substring(0, all.indexOf("HTTP warm-up: "));
		assertThat(startup.lines().filter((line) -> line.contains("Token verification warm"))).singleElement()
			.asString()
			.contains("INFO")
			.contains("Token verification warmed up in ");
		assertThat(startup).doesNotContain("Refused an unauthenticated call").doesNotContain("eyJ");
	}

	private static JWK recorded(List<JWK> keys, JWSAlgorithm algorithm, Provider provider) throws JOSEException {
		JWK key = TokenVerificationWarmUp.makeKey(algorithm, provider);
		keys.add(key);
		return key;
	}

	private static String publicKeyFile() {
		try {
			Path file = Files.createTempFile("warm-up-client-jwks", ".json");
			file.toFile().deleteOnExit();
			return Files.writeString(file, new JWKSet(EHR_KEY.toPublicJWK()).toString()).toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Records what the warm-up had done when the instance said it was ready. */
	@TestConfiguration
	static class ReadinessWitnessConfiguration {

		@Bean
		ReadinessWitness readinessWitness(TokenVerificationWarmUp warmUp) {
			return new ReadinessWitness(warmUp);
		}

	}

	static final class ReadinessWitness {

		private final TokenVerificationWarmUp warmUp;

		volatile Optional<TokenVerificationWarmUp.Result> atReadiness = Optional.empty();

		ReadinessWitness(TokenVerificationWarmUp warmUp) {
			this.warmUp = warmUp;
		}

		@EventListener
		void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
			if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
				atReadiness = warmUp.result();
			}
		}

	}

}
