package org.ldncds.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Verifies the JWT a CDS client signs each call with (CDS Hooks 2.0): a known issuer, an
 * asymmetric signature (RS384 or ES384; never {@code none} or HMAC) by one of that
 * issuer's keys, keys fetched only from URLs configured for that issuer, an audience that
 * is the endpoint called, a current lifetime, and a token id never seen before.
 */
final class ClientTokenVerifier {

	private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "jti");

	private final Map<String, TrustedClient> clientsByIssuer = new HashMap<>();

	private final Map<URI, JWKSource<SecurityContext>> remoteKeys = new ConcurrentHashMap<>();

	private final SecurityProperties properties;

	private final ReplayCache replays;

	private final Clock clock;

	ClientTokenVerifier(SecurityProperties properties, DemoClient demo, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.replays = new ReplayCache(clock);
		for (SecurityProperties.Client client : properties.clients()) {
			requireAsymmetric(client);
			clientsByIssuer.put(client.issuer(), new TrustedClient(client, defaultKeys(client)));
		}
		if (demo != null) {
			SecurityProperties.Client demoClient = new SecurityProperties.Client(DemoClient.ISSUER, null, null,
					List.of(), List.of(), properties.demoClient().fhirServers(), List.of("ES384"));
			clientsByIssuer.put(DemoClient.ISSUER,
					new TrustedClient(demoClient, new ImmutableJWKSet<>(demo.publicKeys())));
		}
	}

	/**
	 * The client the token authenticates, for a call to the endpoint at this URL.
	 * @throws AuthenticationFailure naming the reason, for the log only
	 */
	AuthenticatedClient verify(String token, String endpointUrl) throws AuthenticationFailure {
		SignedJWT jwt = parse(token);
		JWTClaimsSet unverified = claimsOf(jwt);
		TrustedClient client = clientsByIssuer.get(unverified.getIssuer());
		if (client == null) {
			throw new AuthenticationFailure("unknown issuer");
		}
		JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
		if (!client.config().algorithms().contains(algorithm.getName())) {
			throw new AuthenticationFailure("algorithm " + algorithm + " not accepted");
		}
		JWTClaimsSet claims = verifySignatureAndClaims(jwt, client, keysFor(jwt, client), endpointUrl);
		checkLifetime(claims);
		Instant expiry = claims.getExpirationTime().toInstant().plus(properties.clockSkew());
		if (!replays.firstUse(claims.getIssuer(), claims.getJWTID(), expiry)) {
			throw new AuthenticationFailure("token id replayed");
		}
		return new AuthenticatedClient(claims.getIssuer(), tenantOf(claims), client.config().fhirServers(), false,
				properties.allowHttpFhirServer());
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
						+ " may only be trusted with RSA or EC signatures (RS384, ES384...), not " + name);
			}
		}
	}

	private JWKSource<SecurityContext> keysFor(SignedJWT jwt, TrustedClient client) throws AuthenticationFailure {
		URI jku = jwt.getHeader().getJWKURL();
		if (jku == null) {
			if (client.keys() == null) {
				throw new AuthenticationFailure("no jku and no configured keys");
			}
			return client.keys();
		}
		// Keys are fetched only from URLs configured for this issuer: a token never
		// chooses
		// where the service connects to.
		if (!client.config().jkuAllowList().contains(jku) && !jku.equals(client.config().jwksUrl())) {
			throw new AuthenticationFailure("jku not on the issuer's allow-list");
		}
		return remoteKeys.computeIfAbsent(jku, ClientTokenVerifier::remoteKeySource);
	}

	private JWTClaimsSet verifySignatureAndClaims(SignedJWT jwt, TrustedClient client, JWKSource<SecurityContext> keys,
			String endpointUrl) throws AuthenticationFailure {
		Set<JWSAlgorithm> algorithms = client.config()
			.algorithms()
			.stream()
			.map(JWSAlgorithm::parse)
			.collect(Collectors.toSet());
		// Mutable sets: Nimbus asks them whether they contain null, which Set.of refuses.
		Set<String> audience = new HashSet<>(
				client.config().audience().isEmpty() ? List.of(endpointUrl) : client.config().audience());
		DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(audience,
				new JWTClaimsSet.Builder().issuer(client.config().issuer()).build(), new HashSet<>(REQUIRED_CLAIMS),
				new HashSet<>());
		claimsVerifier.setMaxClockSkew((int) properties.clockSkew().toSeconds());
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
		processor.setJWTClaimsSetVerifier(claimsVerifier);
		try {
			return processor.process(jwt, null);
		}
		catch (BadJOSEException ex) {
			throw new AuthenticationFailure("rejected: " + ex.getMessage());
		}
		catch (JOSEException ex) {
			throw new AuthenticationFailure(
					"keys unavailable or signature unverifiable: " + ex.getClass().getSimpleName());
		}
	}

	private void checkLifetime(JWTClaimsSet claims) throws AuthenticationFailure {
		Instant issued = claims.getIssueTime().toInstant();
		Instant expires = claims.getExpirationTime().toInstant();
		if (issued.isAfter(clock.instant().plus(properties.clockSkew()))) {
			throw new AuthenticationFailure("issued in the future");
		}
		if (Duration.between(issued, expires).compareTo(properties.maxTokenLifetime()) > 0) {
			throw new AuthenticationFailure("lifetime longer than " + properties.maxTokenLifetime());
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

	private static JWKSource<SecurityContext> defaultKeys(SecurityProperties.Client client) {
		if (client.jwksFile() != null && !client.jwksFile().isBlank()) {
			return new ImmutableJWKSet<>(loadKeys(client.jwksFile()));
		}
		return client.jwksUrl() == null ? null : remoteKeySource(client.jwksUrl());
	}

	/** Keys at a URL: cached, refreshed when a token names an unknown key id. */
	private static JWKSource<SecurityContext> remoteKeySource(URI url) {
		try {
			return JWKSourceBuilder.create(url.toURL(), new DefaultResourceRetriever(2000, 2000, 256 * 1024))
				.retrying(false)
				.build();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException("Not a URL: " + url, ex);
		}
	}

	private static JWKSet loadKeys(String location) {
		String resource = location.contains(":") ? location : "file:" + location;
		try (InputStream in = new DefaultResourceLoader().getResource(resource).getInputStream()) {
			return JWKSet.load(in);
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException("Cannot read the JWK Set " + location + ": " + ex.getMessage(), ex);
		}
	}

	private record TrustedClient(SecurityProperties.Client config, JWKSource<SecurityContext> keys) {
	}

}
