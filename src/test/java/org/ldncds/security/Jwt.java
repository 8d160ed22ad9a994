package org.ldncds.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints the JWTs a CDS client sends, for tests: by default a token a CDS Hooks 2.0
 * service must accept (alg of the key, its kid, typ JWT; iss, aud, iat now, exp in five
 * minutes, a fresh jti), with every header field and claim overridable, so that each test
 * breaks exactly one thing.
 */
final class Jwt {

	private final JWK key;

	private JWSAlgorithm algorithm;

	private String keyId;

	private URI jku;

	private JWK embeddedJwk;

	private final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();

	private Jwt(JWK key, String issuer, String audience) {
		this.key = key;
		this.algorithm = (key instanceof ECKey) ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384;
		this.keyId = key.getKeyID();
		Instant now = Instant.now();
		claims.issuer(issuer)
			.audience(audience)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.jwtID(UUID.randomUUID().toString());
	}

	/** A token of this issuer for the endpoint URL given, to be signed with the key. */
	static Jwt signedBy(JWK key, String issuer, String audience) {
		return new Jwt(key, issuer, audience);
	}

	Jwt algorithm(JWSAlgorithm algorithm) {
		this.algorithm = algorithm;
		return this;
	}

	Jwt keyId(String keyId) {
		this.keyId = keyId;
		return this;
	}

	Jwt jku(URI jku) {
		this.jku = jku;
		return this;
	}

	/** Puts a public key in the header, as a token that vouches for itself would. */
	Jwt embeddedJwk(JWK publicKey) {
		this.embeddedJwk = publicKey;
		return this;
	}

	Jwt issuer(String issuer) {
		claims.issuer(issuer);
		return this;
	}

	Jwt audience(String audience) {
		claims.audience(audience);
		return this;
	}

	Jwt subject(String subject) {
		claims.subject(subject);
		return this;
	}

	Jwt issuedAt(Instant issuedAt) {
		claims.issueTime(Date.from(issuedAt));
		return this;
	}

	Jwt expiresAt(Instant expiresAt) {
		claims.expirationTime(Date.from(expiresAt));
		return this;
	}

	Jwt notBefore(Instant notBefore) {
		claims.notBeforeTime(Date.from(notBefore));
		return this;
	}

	Jwt jwtId(String jwtId) {
		claims.jwtID(jwtId);
		return this;
	}

	Jwt claim(String name, Object value) {
		claims.claim(name, value);
		return this;
	}

	/** Leaves the claim out. */
	Jwt without(String claim) {
		claims.claim(claim, null);
		return this;
	}

	/** Signed with the key, under the algorithm set (by default the key's). */
	String sign() {
		try {
			return sign(signerFor(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Signed with another key than the one the token was made for. */
	String signWith(JWK otherKey) {
		try {
			return sign(signerFor(otherKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signed with HMAC under the algorithm set, the secret given as the key: the
	 * "algorithm confusion" attack when the secret is the client's public key.
	 */
	String signWithHmac(byte[] secret) {
		try {
			return sign(new MACSigner(secret));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Not signed at all: {@code alg: none}, an empty signature. */
	String unsigned() {
		return new PlainJWT(claims.build()).serialize();
	}

	private String sign(JWSSigner signer) throws JOSEException {
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).jwkURL(jku);
		if (embeddedJwk != null) {
			header.jwk(embeddedJwk.toPublicJWK());
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims.build());
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static JWSSigner signerFor(JWK key) throws JOSEException {
		if (key instanceof RSAKey rsa) {
			return new RSASSASigner(rsa);
		}
		if (key instanceof ECKey ec) {
			return new ECDSASigner(ec);
		}
		throw new IllegalArgumentException("Not a signing key: " + key.getKeyType());
	}

}
