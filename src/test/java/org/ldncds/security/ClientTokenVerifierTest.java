package org.ldncds.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Configuration the verifier refuses to start with. */
class ClientTokenVerifierTest {

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

	private static ClientTokenVerifier verifierTrusting(String algorithm) {
		SecurityProperties.Client client = new SecurityProperties.Client("https://ehr.example.org", null, null,
				List.of(), List.of(), List.of(), List.of(algorithm));
		SecurityProperties properties = new SecurityProperties(true, List.of(client), Duration.ofSeconds(60),
				Duration.ofHours(1), false, List.of(), new SecurityProperties.DemoClient(false, List.of()));
		return new ClientTokenVerifier(properties, null, Clock.systemUTC());
	}

}
