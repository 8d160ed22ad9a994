package org.ldncds.security;

import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Key pairs for the security tests, made when a test runs and kept in memory only: no
 * private key is ever written to disk or committed.
 */
final class TestKeys {

	private TestKeys() {
	}

	/** An RSA 2048 key pair for RS384, as Epic signs with. */
	static RSAKey rsa() {
		return rsa(UUID.randomUUID().toString());
	}

	/** An RSA 2048 key pair for RS384 with the key id given. */
	static RSAKey rsa(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).algorithm(JWSAlgorithm.RS384).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An EC P-384 key pair for ES384, as the CDS Hooks sandbox signs with. */
	static ECKey ec() {
		return ec(UUID.randomUUID().toString());
	}

	/** An EC P-384 key pair for ES384 with the key id given. */
	static ECKey ec(String keyId) {
		try {
			return new ECKeyGenerator(Curve.P_384).keyID(keyId).algorithm(JWSAlgorithm.ES384).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
