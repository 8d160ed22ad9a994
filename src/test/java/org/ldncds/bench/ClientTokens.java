package org.ldncds.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

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
 * The benchmark's CDS client: an ES384 key pair made for the run, its public key in a JWK
 * Set file that the service is configured to trust ({@code ldn.security.clients}, as an
 * operator registers an EHR), and tokens as a CDS Hooks 2.0 client signs them: one per
 * call, each with its own {@code jti}. Tokens are signed before the calls are timed.
 */
final class ClientTokens {

	static final String ISSUER = "https://bench-client.ldn-cds.invalid";

	/** Long enough for a run, well within the service's default limit of an hour. */
	private static final Duration LIFETIME = Duration.ofMinutes(50);

	private final ECKey key;

	private final ECDSASigner signer;

	ClientTokens() {
		try {
			this.key = new ECKeyGenerator(Curve.P_384).keyID("bench-" + UUID.randomUUID()).generate();
			this.signer = new ECDSASigner(key);
			Provider fast = nativeProvider();
			if (fast != null) {
				this.signer.getJCAContext().setProvider(fast);
			}
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Writes the public key as a JWK Set; returns the file. */
	Path writePublicKeys(Path directory) throws IOException {
		return Files.writeString(directory.resolve("bench-client-jwks.json"), new JWKSet(key.toPublicJWK()).toString());
	}

	/** The service's arguments that trust this client and no other. */
	List<String> serviceArguments(Path publicKeys) {
		return List.of("--ldn.security.enabled=true", "--ldn.security.clients[0].issuer=" + ISSUER,
				"--ldn.security.clients[0].jwks-file=" + publicKeys.toAbsolutePath(),
				"--ldn.security.clients[0].algorithms=ES384");
	}

	/** {@code count} tokens for calls to this URL, signed on every core. */
	Queue<String> mint(int count, String audience) {
		Instant now = Instant.now();
		List<String> tokens = IntStream.range(0, count).parallel().mapToObj((i) -> sign(audience, now)).toList();
		return new ConcurrentLinkedQueue<>(new ArrayList<>(tokens));
	}

	private String sign(String audience, Instant now) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(ISSUER)
			.audience(audience)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * Amazon Corretto Crypto Provider when it loads here, which signs ES384 ten times
	 * faster than the JDK; the JDK's providers otherwise.
	 */
	private static Provider nativeProvider() {
		try {
			Class<?> type = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
			Provider provider = (Provider) type.getField("INSTANCE").get(null);
			return (type.getMethod("getLoadingError").invoke(provider) == null) ? provider : null;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
