package org.ldncds.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The built-in demo client, an EHR stand-in for the README's example and the sandbox
 * page. Its ES384 key pair is made when the service starts and lives only in memory: no
 * private key is ever written or committed, and its tokens are worthless to any other
 * process.
 */
public final class DemoClient {

	public static final String ISSUER = "urn:ldn-cds:demo-client";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final ECKey key;

	private final Clock clock;

	DemoClient(Clock clock) {
		this.clock = clock;
		try {
			this.key = new ECKeyGenerator(Curve.P_384).keyID(UUID.randomUUID().toString())
				.algorithm(JWSAlgorithm.ES384)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot make the demo client's key pair", ex);
		}
	}

	/** A token for one call to the endpoint at this URL. */
	public String tokenFor(String audience) {
		Date now = Date.from(clock.instant());
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(audience)
			.issueTime(now)
			.expirationTime(Date.from(clock.instant().plus(LIFETIME)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
		try {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new ECDSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a demo token", ex);
		}
	}

	/** The public half of the key, as the verifier needs it. */
	JWKSet publicKeys() {
		return new JWKSet(key.toPublicJWK());
	}

}
