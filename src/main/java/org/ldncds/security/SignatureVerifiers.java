package org.ldncds.security;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signature verifiers of the clients' public keys, each built once: converting a JWK
 * into a Java key and checking that an EC point lies on its curve cost more than some
 * signature checks. They run on the native provider when one is available and allowed, on
 * the JDK's own providers otherwise. Only JWT verification uses the native provider; it
 * is never installed JVM-wide, so TLS and everything else keep the JDK's.
 */
final class SignatureVerifiers {

	/**
	 * Far more keys than any deployment trusts; a bound against a key set that churns.
	 */
	static final int MAX_CACHED_KEYS = 256;

	private static final Logger log = LoggerFactory.getLogger(SignatureVerifiers.class);

	private final Provider provider;

	private final String description;

	// Keyed by the JWK itself: its kid and every key member (those the RFC 7638
	// thumbprint digests, and more), compared by value, so a key fetched again is found
	// and a key rotated under the same kid is not; no digest is computed per call.
	private final Map<JWK, VerifyingKey> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<JWK, VerifyingKey> eldest) {
			return size() > MAX_CACHED_KEYS;
		}
	});

	private SignatureVerifiers(Provider provider, String description) {
		this.provider = provider;
		this.description = description;
	}

	/** Verifiers on the JDK's own providers. */
	static SignatureVerifiers jdk() {
		return new SignatureVerifiers(null, "the JDK's own providers");
	}

	/**
	 * The native provider's verifiers when it is wanted and available, the JDK's
	 * otherwise; says in the log which one verifies signatures.
	 * @param nativeWanted {@code ldn.security.native-crypto}
	 * @param nativeLookup finds the native provider
	 */
	static SignatureVerifiers choose(boolean nativeWanted, Supplier<NativeCrypto.Availability> nativeLookup) {
		SignatureVerifiers chosen;
		if (!nativeWanted) {
			chosen = new SignatureVerifiers(null, "the JDK's own providers (ldn.security.native-crypto=false)");
		}
		else {
			NativeCrypto.Availability found = nativeLookup.get();
			chosen = (found.provider() != null)
					? new SignatureVerifiers(found.provider(),
							found.provider().getName() + " " + found.provider().getVersionStr() + " (native)")
					: new SignatureVerifiers(null,
							"the JDK's own providers (no native provider: " + found.reason() + ")");
		}
		log.info("JWT signatures are verified by {}", chosen.description);
		return chosen;
	}

	/** The provider verifiers use; null for the JDK's own. */
	Provider provider() {
		return provider;
	}

	String description() {
		return description;
	}

	@Override
	public String toString() {
		return description;
	}

	/** The key as the provider holds it, and its verifier. */
	VerifyingKey verifierFor(JWK jwk) throws JOSEException {
		VerifyingKey held = cache.get(jwk);
		if (held != null) {
			return held;
		}
		VerifyingKey built = build(jwk);
		cache.put(jwk, built);
		return built;
	}

	/**
	 * The key's verifier, built for one use and not kept: for the startup warm-up's
	 * throwaway keys, which take no place among the clients' keys.
	 */
	VerifyingKey verifierForOnce(JWK jwk) throws JOSEException {
		return build(jwk);
	}

	int cachedKeys() {
		return cache.size();
	}

	private VerifyingKey build(JWK jwk) throws JOSEException {
		JWSVerifier verifier;
		PublicKey key;
		if (jwk instanceof ECKey ec) {
			ECPublicKey ecKey = ofProvider(ec.toECPublicKey(), "EC", ECPublicKey.class);
			verifier = new ECDSAVerifier(ecKey);
			key = ecKey;
		}
		else if (jwk instanceof RSAKey rsa) {
			RSAPublicKey rsaKey = ofProvider(rsa.toRSAPublicKey(), "RSA", RSAPublicKey.class);
			verifier = new RSASSAVerifier(rsaKey);
			key = rsaKey;
		}
		else {
			throw new JOSEException("no verifier for a " + jwk.getKeyType() + " key");
		}
		if (provider != null) {
			verifier.getJCAContext().setProvider(provider);
		}
		return new VerifyingKey(key, verifier);
	}

	/**
	 * The key in the provider's own form, so that the provider does not translate a
	 * foreign key on every check; the JDK's key when the provider cannot.
	 */
	private <K extends PublicKey> K ofProvider(K key, String algorithm, Class<K> type) {
		if (provider == null) {
			return key;
		}
		try {
			Key translated = KeyFactory.getInstance(algorithm, provider).translateKey(key);
			return type.isInstance(translated) ? type.cast(translated) : key;
		}
		catch (GeneralSecurityException ex) {
			return key;
		}
	}

	/**
	 * A public key and the verifier built for it.
	 *
	 * @param key the key, as the signature provider holds it
	 * @param verifier its verifier
	 */
	record VerifyingKey(PublicKey key, JWSVerifier verifier) {
	}

}
