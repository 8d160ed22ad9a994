package org.ldncds.security;

import java.security.Provider;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Verifies tokens signed with throwaway keys before the instance says it is ready, so
 * that the first client's call does not pay for the cold token path: parsing the JWT and
 * its claims, selecting keys, building verifiers on the signature provider (native code
 * initialised on its first use), the signature check and the claims checks. Without it a
 * first signed call cost about three times one without authentication.
 *
 * <p>
 * A key pair is made at startup for each kind of key the trusted clients sign with (ES384
 * and RS384 by default). Its public half is read back as a fetched key set is, and tokens
 * signed with it go through the verifier's own steps
 * ({@link ClientTokenVerifier#verifyWarmUpToken}) under an issuer no client has. The key
 * pairs are never among any client's keys, their verifiers are not kept, their token ids
 * go to a replay cache of their own, and they are forgotten when the warm-up ends: a
 * token they signed authenticates nothing. The verifiers of the trusted keys held without
 * fetching (a {@code jwks-file}, the demo client's) are built too. Nothing is fetched.
 * One line is logged, with the timings; no token.
 */
final class TokenVerificationWarmUp implements ApplicationRunner, Ordered {

	/** The throwaway tokens' issuer, which no trusted client has. */
	static final String ISSUER = "urn:ldn-cds:token-verification-warm-up";

	/** The throwaway tokens' audience, which no endpoint has. */
	static final String AUDIENCE = "urn:ldn-cds:token-verification-warm-up";

	/** A size Nimbus accepts and clients use; the key is not kept. */
	private static final int RSA_BITS = 2048;

	private static final int MAX_ROUNDS = 100;

	private static final Duration BUDGET = Duration.ofMillis(400);

	private static final Duration LIFETIME = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(TokenVerificationWarmUp.class);

	private final ClientTokenVerifier verifier;

	private final boolean enabled;

	private final Clock clock;

	private final KeyMaker keyMaker;

	private volatile Result result;

	/** With key pairs made on the signature provider when it can, else the JDK's. */
	TokenVerificationWarmUp(ClientTokenVerifier verifier, SecurityProperties properties, Clock clock) {
		this(verifier, properties, clock, TokenVerificationWarmUp::makeKey);
	}

	/**
	 * @param keyMaker makes the throwaway key pair for an algorithm, on the provider
	 * given (null for the JDK's)
	 */
	TokenVerificationWarmUp(ClientTokenVerifier verifier, SecurityProperties properties, Clock clock,
			KeyMaker keyMaker) {
		this.verifier = verifier;
		this.enabled = properties.enabled();
		this.clock = clock;
		this.keyMaker = keyMaker;
	}

	/** Before the pipeline's warm-ups; all run before the instance says it is ready. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 2;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		if (!enabled) {
			return;
		}
		Result done = warmUp();
		result = done;
		if (done.failure() == null) {
			log.info(
					"Token verification warmed up in {} ms: {} checks of throwaway {} tokens (key pairs made in {} ms),"
							+ " {} trusted key(s) prepared",
					done.millis(), done.checks(), done.algorithms(), done.keyPairMillis(), done.heldKeys());
		}
		else {
			log.warn("Token verification warm-up stopped after {} ms and {} checks: {}", done.millis(), done.checks(),
					done.failure());
		}
	}

	/** The last warm-up's outcome; empty before one has run. */
	Optional<Result> result() {
		return Optional.ofNullable(result);
	}

	/**
	 * Prepares the held trusted keys, makes the throwaway key pairs and checks tokens
	 * they sign, round after round, for at most {@value #MAX_ROUNDS} rounds or 400 ms.
	 */
	Result warmUp() {
		long started = System.nanoTime();
		int heldKeys = verifier.prepareHeldKeys();
		long keysStarted = System.nanoTime();
		Map<String, JWK> keys;
		JWKSet publicKeys;
		try {
			keys = throwawayKeys();
			publicKeys = readBack(keys.values());
		}
		catch (ParseException ex) {
			return new Result(List.of(), 0, heldKeys, millisSince(keysStarted), millisSince(started),
					"the throwaway keys could not be read back: " + ex.getMessage());
		}
		long keyPairMillis = millisSince(keysStarted);
		List<String> algorithms = List.copyOf(keys.keySet());
		Map<JWK, JWSSigner> signers = new LinkedHashMap<>();
		int checks = 0;
		long deadline = started + BUDGET.toNanos();
		try {
			for (int round = 0; round < MAX_ROUNDS && (round == 0 || System.nanoTime() < deadline); round++) {
				for (Map.Entry<String, JWK> key : keys.entrySet()) {
					JWSSigner signer = signers.computeIfAbsent(key.getValue(), this::signerOf);
					verifier.verifyWarmUpToken(sign(JWSAlgorithm.parse(key.getKey()), key.getValue(), signer),
							publicKeys, algorithms);
					checks++;
				}
			}
		}
		catch (AuthenticationFailure | JOSEException | RuntimeException ex) {
			return new Result(algorithms, checks, heldKeys, keyPairMillis, millisSince(started),
					ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		return new Result(algorithms, checks, heldKeys, keyPairMillis, millisSince(started), null);
	}

	/**
	 * One key pair for each algorithm a trusted client signs with; the RSA algorithms
	 * share one, the EC ones one per curve. An algorithm whose key pair cannot be made
	 * here (ES256K: the JDK has no secp256k1) is left cold, as the log line shows.
	 */
	private Map<String, JWK> throwawayKeys() {
		Provider provider = verifier.signatureVerifiers().provider();
		Map<String, Optional<JWK>> byKind = new LinkedHashMap<>();
		Map<String, JWK> byAlgorithm = new LinkedHashMap<>();
		for (String name : verifier.acceptedAlgorithms()) {
			JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
			String kind = kindOf(algorithm);
			if (kind == null) {
				continue;
			}
			if (!byKind.containsKey(kind)) {
				try {
					byKind.put(kind, Optional.of(keyMaker.make(algorithm, provider)));
				}
				catch (JOSEException | RuntimeException cannotMake) {
					byKind.put(kind, Optional.empty());
				}
			}
			byKind.get(kind).ifPresent((key) -> byAlgorithm.put(name, key));
		}
		return byAlgorithm;
	}

	/** RSA, or the EC curve; null when no throwaway key can be made for it. */
	private static String kindOf(JWSAlgorithm algorithm) {
		if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
			return "RSA";
		}
		if (JWSAlgorithm.Family.EC.contains(algorithm) && Curve.forJWSAlgorithm(algorithm) != null
				&& !Curve.forJWSAlgorithm(algorithm).isEmpty()) {
			return Curve.forJWSAlgorithm(algorithm).iterator().next().getName();
		}
		return null;
	}

	/**
	 * The public keys as a fetch reads them: written as a JWK Set (and in each other
	 * format a client's keys are fetched in) and parsed back.
	 */
	private JWKSet readBack(Iterable<JWK> keys) throws ParseException {
		List<JWK> publicKeys = new ArrayList<>();
		keys.forEach((key) -> {
			if (!publicKeys.contains(key.toPublicJWK())) {
				publicKeys.add(key.toPublicJWK());
			}
		});
		for (SecurityProperties.KeySetFormat format : verifier.fetchedKeySetFormats()) {
			if (format == SecurityProperties.KeySetFormat.DAVINCI_PUBLIC_KEYS) {
				RemoteKeySet.parse(daVinciDocument(publicKeys), format);
			}
		}
		return RemoteKeySet.parse(new JWKSet(publicKeys).toString(), SecurityProperties.KeySetFormat.JWK_SET);
	}

	/** The keys as the Da Vinci request generator lists them. */
	private static String daVinciDocument(List<JWK> keys) {
		return keys.stream().map((key) -> {
			Map<String, Object> jwk = key.toJSONObject();
			jwk.remove("kid");
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", key.getKeyID());
			entry.put("pem", jwk);
			return JSONObjectUtils.toJSONString(entry);
		}).collect(Collectors.joining(",", "[", "]"));
	}

	private JWSSigner signerOf(JWK key) {
		try {
			JWSSigner signer = (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
			Provider provider = verifier.signatureVerifiers().provider();
			if (provider != null) {
				signer.getJCAContext().setProvider(provider);
			}
			return signer;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot sign with the throwaway key", ex);
		}
	}

	/** A token as a client signs one: kid and typ, sub, nbf, a fresh jti. */
	private String sign(JWSAlgorithm algorithm, JWK key, JWSSigner signer) throws JOSEException {
		Instant now = clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(ISSUER)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	/**
	 * A key pair for the algorithm, on the provider when it makes one, else on the JDK's
	 * providers.
	 */
	static JWK makeKey(JWSAlgorithm algorithm, Provider provider) throws JOSEException {
		try {
			return generate(algorithm, provider);
		}
		catch (JOSEException | RuntimeException onProvider) {
			if (provider == null) {
				throw onProvider;
			}
			return generate(algorithm, null);
		}
	}

	private static JWK generate(JWSAlgorithm algorithm, Provider provider) throws JOSEException {
		String keyId = "warm-up-" + UUID.randomUUID();
		if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
			return new RSAKeyGenerator(RSA_BITS).keyID(keyId).provider(provider).generate();
		}
		Curve curve = Curve.forJWSAlgorithm(algorithm).iterator().next();
		return new ECKeyGenerator(curve).keyID(keyId).provider(provider).generate();
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	/** Makes a throwaway key pair. */
	@FunctionalInterface
	interface KeyMaker {

		/**
		 * @param algorithm what it signs with
		 * @param provider the signature provider, or null for the JDK's
		 */
		JWK make(JWSAlgorithm algorithm, Provider provider) throws JOSEException;

	}

	/**
	 * What a warm-up did.
	 *
	 * @param algorithms the algorithms of the throwaway tokens
	 * @param checks the throwaway tokens verified
	 * @param heldKeys the trusted keys whose verifiers were built
	 * @param keyPairMillis the time until the key pairs were made
	 * @param millis the whole warm-up's time
	 * @param failure why it stopped early, or null
	 */
	record Result(List<String> algorithms, int checks, int heldKeys, long keyPairMillis, long millis, String failure) {
	}

}
