package org.ldncds.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Where one client's signing keys are: its {@code jwks-file} (read at startup), its
 * {@code jwks-url} and the {@code jku} URLs on its allow-list (fetched when needed). The
 * keys already held are tried first, so a token that names an allowed {@code jku} is
 * verified without fetching anything when the client's configured key set holds its key:
 * an offline deployment works with a {@code jwks-file} alone.
 */
final class ClientKeys {

	private static final Logger log = LoggerFactory.getLogger(ClientKeys.class);

	private final JWKSet fileKeys;

	private final URI jwksUrl;

	private final Map<URI, RemoteKeySet> remote = new LinkedHashMap<>();

	ClientKeys(SecurityProperties.Client client, KeyRefreshLimit limit, Clock clock) {
		this.fileKeys = (client.jwksFile() == null || client.jwksFile().isBlank()) ? null : load(client.jwksFile());
		this.jwksUrl = client.jwksUrl();
		if (jwksUrl != null) {
			remote.put(jwksUrl, new RemoteKeySet(client.issuer(), jwksUrl, client.keySetFormat(), limit, clock));
		}
		for (URI jku : client.jkuAllowList()) {
			remote.computeIfAbsent(jku,
					(url) -> new RemoteKeySet(client.issuer(), url, client.keySetFormat(), limit, clock));
		}
		for (URI url : remote.keySet()) {
			if ("http".equalsIgnoreCase(url.getScheme()) && !isLoopback(url.getHost())) {
				log.warn("Client {} keys are fetched over plain http from {}: anyone on the way can replace them",
						client.issuer(), url);
			}
		}
	}

	private static boolean isLoopback(String host) {
		return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

	/** Keys held in memory only, as the demo client's. */
	ClientKeys(JWKSet keys) {
		this.fileKeys = keys;
		this.jwksUrl = null;
	}

	/**
	 * The keys held without fetching anything: the {@code jwks-file}'s (or the demo
	 * client's), and those already fetched from its URLs.
	 */
	List<JWK> held() {
		List<JWK> held = new ArrayList<>();
		if (fileKeys != null) {
			held.addAll(fileKeys.getKeys());
		}
		remote.values().forEach((source) -> held.addAll(source.cached()));
		return held;
	}

	/**
	 * The client's keys that may have signed a token with this header.
	 * @throws AuthenticationFailure when the header names a {@code jku} not configured
	 * for the client, or no key of the client fits
	 */
	List<JWK> candidatesFor(JWSHeader header) throws AuthenticationFailure {
		URI jku = header.getJWKURL();
		// Keys are fetched only from URLs configured for this issuer: a token never
		// chooses where the service connects to.
		if (jku != null && !remote.containsKey(jku)) {
			throw new AuthenticationFailure("jku not on the issuer's allow-list");
		}
		JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
		if (matcher == null) {
			throw new AuthenticationFailure("no key can verify " + header.getAlgorithm());
		}
		List<JWK> held = heldMatching(matcher);
		if (!held.isEmpty()) {
			return held;
		}
		RemoteKeySet source = remote.get(jku != null ? jku : jwksUrl);
		if (source == null) {
			throw new AuthenticationFailure(fileKeys == null ? "no jku and no configured keys"
					: "no key '" + header.getKeyID() + "' in the configured jwks-file");
		}
		return source.matching(matcher, header.getKeyID());
	}

	/** From the jwks-file, or the jwks-url's keys already fetched. */
	private List<JWK> heldMatching(JWKMatcher matcher) {
		if (fileKeys != null) {
			List<JWK> found = new JWKSelector(matcher).select(fileKeys);
			if (!found.isEmpty()) {
				return found;
			}
		}
		return jwksUrl == null ? List.of() : remote.get(jwksUrl).cachedMatching(matcher);
	}

	private static JWKSet load(String location) {
		String resource = location.contains(":") ? location : "file:" + location;
		try (InputStream in = new DefaultResourceLoader().getResource(resource).getInputStream()) {
			return JWKSet.load(in).toPublicJWKSet();
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException("Cannot read the JWK Set " + location + ": " + ex.getMessage(), ex);
		}
	}

}
