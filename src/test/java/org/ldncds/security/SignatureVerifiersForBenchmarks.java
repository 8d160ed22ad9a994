package org.ldncds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;

/**
 * The service's signature verifiers, for the benchmarks in {@code org.ldncds.bench} (test
 * code; the service's classes stay package-private).
 */
public final class SignatureVerifiersForBenchmarks {

	private final SignatureVerifiers verifiers;

	private SignatureVerifiersForBenchmarks(SignatureVerifiers verifiers) {
		this.verifiers = verifiers;
	}

	/** Verifiers on the JDK's own providers. */
	public static SignatureVerifiersForBenchmarks jdk() {
		return new SignatureVerifiersForBenchmarks(SignatureVerifiers.jdk());
	}

	/**
	 * Verifiers on Amazon Corretto Crypto Provider.
	 * @throws IllegalStateException when it is not available here
	 */
	public static SignatureVerifiersForBenchmarks nativeProvider() {
		NativeCrypto.Availability found = NativeCrypto.amazonCorretto();
		if (found.provider() == null) {
			throw new IllegalStateException("No native provider: " + found.reason());
		}
		return new SignatureVerifiersForBenchmarks(SignatureVerifiers.choose(true, () -> found));
	}

	/** The verifier the service holds for this key (built on first use). */
	public JWSVerifier verifierFor(JWK key) throws JOSEException {
		return this.verifiers.verifierFor(key).verifier();
	}

}
