package org.ldncds.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Which provider verifies JWT signatures, that the JDK's and the native one accept and
 * refuse the same tokens, and that each key's verifier is built once.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignatureVerifiersTest {

	private static final String EHR = ClientTokenVerifierTest.EHR;

	private static final String SERVICE_URL = ClientTokenVerifierTest.SERVICE_URL;

	private static final JWK EC_KEY = TestKeys.ec();

	private static final JWK RSA_KEY = TestKeys.rsa();

	@Test
	void theJdkVerifiesWhenNativeCryptoIsTurnedOff(CapturedOutput output) {
		SignatureVerifiers verifiers = SignatureVerifiers.choose(false,
				() -> fail("the native provider is not even looked up when turned off"));
		assertThat(verifiers.provider()).isNull();
		assertThat(output)
			.contains("JWT signatures are verified by the JDK's own providers " + "(ldn.security.native-crypto=false)");
	}

	@Test
	void theJdkVerifiesWhenNoNativeProviderIsAvailable(CapturedOutput output) throws Exception {
		SignatureVerifiers verifiers = SignatureVerifiers.choose(true,
				() -> NativeCrypto.Availability.unavailable("it is not on the class path"));
		assertThat(verifiers.provider()).isNull();
		assertThat(verifiers.verifierFor(EC_KEY).verifier().getJCAContext().getProvider()).isNull();
		assertThat(output).contains("JWT signatures are verified by the JDK's own providers "
				+ "(no native provider: it is not on the class path)");
	}

	@Test
	void theNativeProviderVerifiesWhereItsLibraryLoads(CapturedOutput output) throws Exception {
		// The dependency carries the Linux x86-64 build; CI and the image run there.
		boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
				&& List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
		NativeCrypto.Availability found = NativeCrypto.amazonCorretto();
		if (!linuxX64) {
			assertThat(found.provider()).as("elsewhere the JDK verifies").isNull();
			return;
		}
		assertThat(found.reason()).isNull();
		assertThat(found.provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
		SignatureVerifiers verifiers = SignatureVerifiers.choose(true, NativeCrypto::amazonCorretto);
		assertThat(verifiers.provider()).isSameAs(found.provider());
		SignatureVerifiers.VerifyingKey ec = verifiers.verifierFor(EC_KEY);
		assertThat(ec.verifier().getJCAContext().getProvider()).isSameAs(found.provider());
		assertThat(ec.key().getClass().getName()).as("held in the provider's own form")
			.startsWith("com.amazon.corretto.crypto.provider.");
		assertThat(output).contains("JWT signatures are verified by AmazonCorrettoCryptoProvider").contains("(native)");
		// Never installed JVM-wide: TLS and the rest keep the JDK's providers.
		assertThat(java.security.Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
	}

	@Test
	void theApplicationUsesTheNativeProviderUnlessThePropertyTurnsItOff() {
		ApplicationContextRunner application = new ApplicationContextRunner()
			.withUserConfiguration(SecurityConfiguration.class)
			.withBean(Clock.class, Clock::systemUTC)
			.withBean(ReplayCache.class, () -> new InMemoryReplayCache(Clock.systemUTC()));
		application.run((context) -> {
			assertThat(context.getBean(SignatureVerifiers.class).provider())
				.isSameAs(NativeCrypto.amazonCorretto().provider());
			assertThat(context.getBean(ClientTokenVerifier.class).signatureVerifiers())
				.isSameAs(context.getBean(SignatureVerifiers.class));
		});
		application.withPropertyValues("ldn.security.native-crypto=false").run((context) -> {
			assertThat(context.getBean(SignatureVerifiers.class).provider()).isNull();
			assertThat(context.getBean(ClientTokenVerifier.class).signatureVerifiers())
				.isSameAs(context.getBean(SignatureVerifiers.class));
		});
	}

	static Stream<Arguments> providersAndKeys() {
		List<Arguments> cases = new ArrayList<>();
		SignatureVerifiers jdk = SignatureVerifiers.jdk();
		SignatureVerifiers nativeOrJdk = SignatureVerifiers.choose(true, NativeCrypto::amazonCorretto);
		for (JWK key : List.of(EC_KEY, RSA_KEY)) {
			cases.add(Arguments.of(jdk, key));
			cases.add(Arguments.of(nativeOrJdk, key));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{1} on {0}")
	@MethodSource("providersAndKeys")
	void eachProviderAcceptsTheSameTokensAndRefusesATamperedSignature(SignatureVerifiers verifiers, JWK key)
			throws Exception {
		String token = Jwt.signedBy(key, EHR, SERVICE_URL).sign();
		// Each verifier has its own replay cache: the same token is fresh to both.
		ClientTokenVerifier jdk = trusting(key, SignatureVerifiers.jdk());
		ClientTokenVerifier chosen = trusting(key, verifiers);
		assertThat(jdk.verify(token, ClientTokenVerifierTest.SERVICE).issuer()).isEqualTo(EHR);
		assertThat(chosen.verify(token, ClientTokenVerifierTest.SERVICE).issuer()).isEqualTo(EHR);

		String tampered = withSignatureByteFlipped(Jwt.signedBy(key, EHR, SERVICE_URL).sign());
		for (ClientTokenVerifier verifier : List.of(jdk, chosen)) {
			assertThatThrownBy(() -> verifier.verify(tampered, ClientTokenVerifierTest.SERVICE))
				.isInstanceOf(AuthenticationFailure.class)
				.hasMessageContaining("Invalid signature");
		}
		String byAnotherKey = Jwt.signedBy(key, EHR, SERVICE_URL)
			.signWith(key instanceof com.nimbusds.jose.jwk.ECKey ? TestKeys.ec(key.getKeyID())
					: TestKeys.rsa(key.getKeyID()));
		assertThatThrownBy(() -> chosen.verify(byAnotherKey, ClientTokenVerifierTest.SERVICE))
			.isInstanceOf(AuthenticationFailure.class)
			.hasMessageContaining("Invalid signature");
	}

	@Test
	void aKeysVerifierIsBuiltOnceAndFoundAgainForTheSameKeyFetchedAgain() throws Exception {
		SignatureVerifiers verifiers = SignatureVerifiers.jdk();
		ClientTokenVerifier verifier = trusting(EC_KEY, verifiers);
		for (int call = 0; call < 3; call++) {
			verifier.verify(Jwt.signedBy(EC_KEY, EHR, SERVICE_URL).sign(), ClientTokenVerifierTest.SERVICE);
		}
		assertThat(verifiers.cachedKeys()).isEqualTo(1);
		SignatureVerifiers.VerifyingKey held = verifiers.verifierFor(EC_KEY.toPublicJWK());
		JWK fetchedAgain = JWK.parse(EC_KEY.toPublicJWK().toJSONString());
		assertThat(verifiers.verifierFor(fetchedAgain)).isSameAs(held);
		JWK rotatedUnderTheSameKid = TestKeys.ec(EC_KEY.getKeyID()).toPublicJWK();
		assertThat(verifiers.verifierFor(rotatedUnderTheSameKid)).isNotSameAs(held);
		assertThat(verifiers.cachedKeys()).isEqualTo(2);
	}

	@Test
	void theCacheHoldsABoundedNumberOfKeys() throws Exception {
		SignatureVerifiers verifiers = SignatureVerifiers.jdk();
		JWK first = TestKeys.ec().toPublicJWK();
		SignatureVerifiers.VerifyingKey firstHeld = verifiers.verifierFor(first);
		for (int i = 0; i < SignatureVerifiers.MAX_CACHED_KEYS + 10; i++) {
			verifiers.verifierFor(TestKeys.ec().toPublicJWK());
		}
		assertThat(verifiers.cachedKeys()).isEqualTo(SignatureVerifiers.MAX_CACHED_KEYS);
		assertThat(verifiers.verifierFor(first)).as("the least recently used was dropped, and is built again")
			.isNotSameAs(firstHeld);
	}

	private static ClientTokenVerifier trusting(JWK key, SignatureVerifiers verifiers) throws Exception {
		Path file = Files.createTempFile("jwks", ".json");
		file.toFile().deleteOnExit();
		Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
		SecurityProperties.Client client = new SecurityProperties.Client(EHR, null, file.toString(), List.of(),
				List.of(), List.of(), List.of("ES384", "RS384"), null, null, null,
				SecurityProperties.KeySetFormat.JWK_SET);
		SecurityProperties properties = new SecurityProperties(true, List.of(client), Duration.ofSeconds(60),
				Duration.ofHours(1), false, List.of(), new SecurityProperties.DemoClient(false, List.of()), null, 2,
				Duration.ofSeconds(30));
		return new ClientTokenVerifier(properties, null, Clock.systemUTC(), verifiers);
	}

	/** Changes one byte in the middle of the signature, keeping the token well formed. */
	private static String withSignatureByteFlipped(String token) {
		int signatureStart = token.lastIndexOf('.') + 1;
		int middle = signatureStart + (token.length() - signatureStart) / 2;
		char original = token.charAt(middle);
		char replacement = (original == 'A') ? 'B' : 'A';
		return token.substring(0, middle) + replacement + token.substring(middle + 1);
	}

}
