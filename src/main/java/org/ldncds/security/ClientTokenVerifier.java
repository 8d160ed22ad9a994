package org.ldncds.security;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies the JWT a CDS client signs each call with (CDS Hooks 2.0): a known issuer, an
 * asymmetric signature (RSA or EC as configured per client; never {@code none} or HMAC)
 * by one of that issuer's keys, keys fetched only from URLs configured for that issuer,
 * an audience that is the endpoint called under the configured base URL, a lifetime
 * within the client's limit, and a token id never seen before.
 */
final class ClientTokenVerifier {

	private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "jti");

	private final Map<String, TrustedClient> clientsByIssuer = new HashMap<>();

	private final SecurityProperties properties;

	private final ReplayCache replays;

	private final Clock clock;

	private final SignatureVerifiers signatureVerifiers;

	// Made once: the warm-up then leaves no class for a first call to load.
	private final KeyVerifiers trustedKeyVerifiers;

	/** Signatures verified by the JDK's own providers. */
	ClientTokenVerifier(SecurityProperties properties, DemoClient demo, Clock clock) {
		this(properties, demo, new InMemoryReplayCache(clock), clock, SignatureVerifiers.jdk());
	}

	ClientTokenVerifier(SecurityProperties properties, DemoClient demo, Clock clock,
			SignatureVerifiers signatureVerifiers) {
		this(properties, demo, new InMemoryReplayCache(clock), clock, signatureVerifiers);
	}

	ClientTokenVerifier(SecurityProperties properties, DemoClient demo, ReplayCache replays, Clock clock,
			SignatureVerifiers signatureVerifiers) {
		this.properties = properties;
		this.clock = clock;
		this.signatureVerifiers = signatureVerifiers;
		this.trustedKeyVerifiers = signatureVerifiers::verifierFor;
		this.replays = replays;
		for (SecurityProperties.Client client : properties.clients()) {
			requireAsymmetric(client);
			KeyRefreshLimit limit = new KeyRefreshLimit(
					client.keyRefreshLimit() != null ? client.keyRefreshLimit() : properties.keyRefreshLimit(),
					client.keyRefreshPeriod() != null ? client.keyRefreshPeriod() : properties.keyRefreshPeriod(),
					clock);
			Duration lifetime = client.maxTokenLifetime() != null ? client.maxTokenLifetime()
					: properties.maxTokenLifetime();
			clientsByIssuer.put(client.issuer(),
					new TrustedClient(client, new ClientKeys(client, limit, clock), lifetime, false));
		}
		if (demo != null) {
			SecurityProperties.Client demoClient = new SecurityProperties.Client(DemoClient.ISSUER, null, null,
					List.of(), List.of(), properties.demoClient().fhirServers(), List.of("ES384"), null, null, null,
					SecurityProperties.KeySetFormat.JWK_SET);
			clientsByIssuer.put(DemoClient.ISSUER, new TrustedClient(demoClient, new ClientKeys(demo.publicKeys()),
					properties.maxTokenLifetime(), true));
		}
	}

	/** Who verifies the signatures. */
	SignatureVerifiers signatureVerifiers() {
		return signatureVerifiers;
	}

	/**
	 * The client the token authenticates, for a call to this endpoint.
	 * @throws AuthenticationFailure naming the reason, for the log only
	 * @throws ReplayCheckUnavailable when the shared replay cache cannot be asked
	 */
	AuthenticatedClient verify(String token, Audiences.Endpoint endpoint) throws AuthenticationFailure {
		return verify(token, endpoint, clientsByIssuer, trustedKeyVerifiers, replays);
	}

	/**
	 * Verifies a token of the startup warm-up ({@link TokenVerificationWarmUp}), signed
	 * with a throwaway key, by the steps a client's token goes through. The throwaway
	 * issuer and its keys are known to this call only, never to the trusted clients; the
	 * verifiers of its keys are not kept, and its token id goes to a replay cache of its
	 * own, dropped after the call: nothing of it can authenticate a real call.
	 * @param token signed with one of the keys
	 * @param keys the throwaway public keys
	 * @param algorithms the algorithms they sign with
	 * @return the throwaway client
	 * @throws AuthenticationFailure when the token does not verify, saying why
	 */
	AuthenticatedClient verifyWarmUpToken(String token, JWKSet keys, List<String> algorithms)
			throws AuthenticationFailure {
		SecurityProperties.Client throwaway = new SecurityProperties.Client(TokenVerificationWarmUp.ISSUER, null, null,
				List.of(), List.of(TokenVerificationWarmUp.AUDIENCE), List.of(), algorithms, null, null, null,
				SecurityProperties.KeySetFormat.JWK_SET);
		TrustedClient client = new TrustedClient(throwaway, new ClientKeys(keys), properties.maxTokenLifetime(), false);
		return verify(token, new Audiences.Endpoint(List.of(), List.of()),
				Map.of(TokenVerificationWarmUp.ISSUER, client), signatureVerifiers::verifierForOnce,
				new InMemoryReplayCache(clock));
	}

	/**
	 * Builds, before any call, the verifiers of the keys the trusted clients' tokens are
	 * checked with that are held without fetching anything: their {@code jwks-file} keys
	 * and the demo client's.
	 * @return how many keys
	 */
	int prepareHeldKeys() {
		int prepared = 0;
		for (TrustedClient client : clientsByIssuer.values()) {
			for (JWK key : client.keys().held()) {
				try {
					signatureVerifiers.verifierFor(key);
					prepared++;
				}
				catch (JOSEException unusable) {
					// Skipped by every call as well (verifyingKeys).
				}
			}
		}
		return prepared;
	}

	/** The signature algorithms some trusted client signs with. */
	Set<String> acceptedAlgorithms() {
		Set<String> algorithms = new TreeSet<>();
		clientsByIssuer.values().forEach((client) -> algorithms.addAll(client.config().algorithms()));
		return algorithms;
	}

	/** How the key sets fetched from the trusted clients' URLs are written. */
	Set<SecurityProperties.KeySetFormat> fetchedKeySetFormats() {
		Set<SecurityProperties.KeySetFormat> formats = EnumSet.noneOf(SecurityProperties.KeySetFormat.class);
		for (TrustedClient client : clientsByIssuer.values()) {
			if (client.config().jwksUrl() != null || !client.config().jkuAllowList().isEmpty()) {
				formats.add(client.config().keySetFormat());
			}
		}
		return formats;
	}

	private AuthenticatedClient verify(String token, Audiences.Endpoint endpoint, Map<String, TrustedClient> trusted,
			KeyVerifiers keyVerifiers, ReplayCache replayCache) throws AuthenticationFailure {
		SignedJWT jwt = parse(token);
		JWTClaimsSet unverified = claimsOf(jwt);
		TrustedClient client = trusted.get(unverified.getIssuer());
		if (client == null) {
			throw new AuthenticationFailure("unknown issuer");
		}
		JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
		if (!client.config().algorithms().contains(algorithm.getName())) {
			throw new AuthenticationFailure("algorithm " + algorithm + " not accepted");
		}
		List<SignatureVerifiers.VerifyingKey> keys = verifyingKeys(client.keys().candidatesFor(jwt.getHeader()),
				keyVerifiers);
		JWTClaimsSet claims = verifySignatureAndClaims(jwt, client, keys, audienceFor(client, endpoint));
		checkLifetime(claims, client.maxTokenLifetime());
		String jti = claims.getJWTID();
		if (jti == null || jti.isBlank()) {
			// Not a usable replay key: every later
			// blank jti would look like a replay of it.
			throw new AuthenticationFailure("jti blank or not a string");
		}
		Instant expiry = claims.getExpirationTime().toInstant().plus(properties.clockSkew());
		if (!replayCache.firstUse(claims.getIssuer(), jti, expiry)) {
			throw new AuthenticationFailure("token id replayed");
		}
		return new AuthenticatedClient(claims.getIssuer(), tenantOf(claims), client.config().fhirServers(), false,
				properties.allowHttpFhirServer());
	}

	/**
	 * The client's own audience list if it has one; otherwise the endpoint under the
	 * configured base URL. The demo client, whose tokens only local callers get, may also
	 * name the endpoint on this machine's loopback names.
	 */
	private static Set<String> audienceFor(TrustedClient client, Audiences.Endpoint endpoint) {
		// Mutable sets: Nimbus asks them whether they contain null, which Set.of refuses.
		Set<String> audience = new HashSet<>(
				client.config().audience().isEmpty() ? endpoint.configuredUrls() : client.config().audience());
		if (client.demo()) {
			audience.addAll(endpoint.loopbackUrls());
		}
		return audience;
	}

	/**
	 * A client signs with its private key, which the service never holds: an HMAC
	 * algorithm would let anyone holding the shared secret (or, from a careless JWK Set,
	 * the public key) sign as the client, and {@code none} lets anyone.
	 */
	private static void requireAsymmetric(SecurityProperties.Client client) {
		for (String name : client.algorithms()) {
			JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
			if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)) {
				throw new IllegalStateException("ldn.security.clients: " + client.issuer()
						+ " may only be trusted with RSA or EC signatures (RS384, ES384, RS256...), not " + name);
			}
		}
	}

	/**
	 * The candidate keys' verifiers, built once per key. A key that cannot be turned into
	 * a Java key is skipped, as Nimbus's own key selector skips it.
	 */
	private static List<SignatureVerifiers.VerifyingKey> verifyingKeys(List<JWK> candidates,
			KeyVerifiers keyVerifiers) {
		List<SignatureVerifiers.VerifyingKey> keys = new ArrayList<>(candidates.size());
		for (JWK candidate : candidates) {
			try {
				keys.add(keyVerifiers.verifierFor(candidate));
			}
			catch (JOSEException unusable) {
				// Not this client's signing key in a usable form; the others are tried.
			}
		}
		return keys;
	}

	/**
	 * Signature, then claims. The algorithm was checked against the client's list before,
	 * and the keys were selected for this header by {@link ClientKeys}.
	 */
	private JWTClaimsSet verifySignatureAndClaims(SignedJWT jwt, TrustedClient client,
			List<SignatureVerifiers.VerifyingKey> keys, Set<String> audience) throws AuthenticationFailure {
		DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(audience,
				new JWTClaimsSet.Builder().issuer(client.config().issuer()).build(), new HashSet<>(REQUIRED_CLAIMS),
				new HashSet<>());
		claimsVerifier.setMaxClockSkew((int) properties.clockSkew().toSeconds());
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		List<Key> javaKeys = keys.stream().<Key>map(SignatureVerifiers.VerifyingKey::key).toList();
		processor.setJWSKeySelector((header, context) -> javaKeys);
		processor.setJWSVerifierFactory(new HeldVerifiers(keys));
		processor.setJWTClaimsSetVerifier(claimsVerifier);
		try {
			return processor.process(jwt, null);
		}
		catch (BadJOSEException ex) {
			throw new AuthenticationFailure("rejected: " + ex.getMessage());
		}
		catch (JOSEException ex) {
			throw new AuthenticationFailure("signature unverifiable: " + ex.getClass().getSimpleName());
		}
	}

	private void checkLifetime(JWTClaimsSet claims, Duration maxLifetime) throws AuthenticationFailure {
		Instant issued = claims.getIssueTime().toInstant();
		Instant expires = claims.getExpirationTime().toInstant();
		if (issued.isAfter(clock.instant().plus(properties.clockSkew()))) {
			throw new AuthenticationFailure("issued in the future");
		}
		if (Duration.between(issued, expires).compareTo(maxLifetime) > 0) {
			throw new AuthenticationFailure("lifetime longer than " + maxLifetime + " (max-token-lifetime)");
		}
	}

	private static SignedJWT parse(String token) throws AuthenticationFailure {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new AuthenticationFailure("not a signed JWT");
		}
	}

	private static JWTClaimsSet claimsOf(SignedJWT jwt) throws AuthenticationFailure {
		try {
			return jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new AuthenticationFailure("claims unreadable");
		}
	}

	private static String tenantOf(JWTClaimsSet claims) {
		Object tenant = claims.getClaim("tenant");
		return tenant == null ? null : tenant.toString();
	}

	/**
	 * Where the verifier of a key comes from: kept for a client's keys, not for others.
	 */
	@FunctionalInterface
	private interface KeyVerifiers {

		SignatureVerifiers.VerifyingKey verifierFor(JWK key) throws JOSEException;

	}

	/**
	 * A trusted client: its configuration, where its keys are, how long its tokens may
	 * live, and whether it is the built-in demo client.
	 */
	private record TrustedClient(SecurityProperties.Client config, ClientKeys keys, Duration maxTokenLifetime,
			boolean demo) {
	}

	/**
	 * Hands Nimbus the verifier already built for each key it tries, where its default
	 * factory would build one per call.
	 */
	private record HeldVerifiers(List<SignatureVerifiers.VerifyingKey> keys) implements JWSVerifierFactory {

		@Override
		public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
			for (SignatureVerifiers.VerifyingKey held : keys) {
				if (held.key() == key) {
					if (!held.verifier().supportedJWSAlgorithms().contains(header.getAlgorithm())) {
						throw new JOSEException("Unsupported JWS algorithm " + header.getAlgorithm() + " for the key");
					}
					return held.verifier();
				}
			}
			throw new JOSEException("No verifier for the key");
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			Set<JWSAlgorithm> algorithms = new HashSet<>();
			keys.forEach((held) -> algorithms.addAll(held.verifier().supportedJWSAlgorithms()));
			return algorithms;
		}

		@Override
		public JCAContext getJCAContext() {
			return new JCAContext();
		}

	}

}
