package org.ldncds.security;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONArrayUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys one client publishes at one URL (its {@code jwks-url} or a {@code jku}
 * on its allow-list): fetched when first needed, kept for five minutes, and fetched again
 * when a token names a key id they do not hold, within the client's refresh limit. A
 * failed fetch is logged with the URL and the cause.
 */
final class RemoteKeySet {

	static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

	private static final int TIMEOUT_MILLIS = 2000;

	private static final int MAX_SIZE_BYTES = 256 * 1024;

	private static final Logger log = LoggerFactory.getLogger(RemoteKeySet.class);

	private final String issuer;

	private final URI url;

	private final SecurityProperties.KeySetFormat format;

	private final KeyRefreshLimit limit;

	private final Clock clock;

	private final DefaultResourceRetriever retriever = new NoRedirectRetriever();

	// Read without the lock by cachedMatching, so that a fetch in progress never holds
	// up a token whose key is already held elsewhere.
	private volatile JWKSet keys;

	private Instant fetchedAt;

	RemoteKeySet(String issuer, URI url, SecurityProperties.KeySetFormat format, KeyRefreshLimit limit, Clock clock) {
		this.issuer = issuer;
		this.url = url;
		this.format = format;
		this.limit = limit;
		this.clock = clock;
	}

	/** The keys already fetched, without fetching anything. */
	List<JWK> cached() {
		JWKSet held = keys;
		return held == null ? List.of() : held.getKeys();
	}

	/** The keys already fetched that match, without fetching anything. */
	List<JWK> cachedMatching(JWKMatcher matcher) {
		JWKSet held = keys;
		return held == null ? List.of() : new JWKSelector(matcher).select(held);
	}

	/**
	 * The keys that match, fetching them when none are held yet, when they are older than
	 * five minutes, or when none matches the token's key id.
	 * @throws AuthenticationFailure when none matches, saying why
	 */
	synchronized List<JWK> matching(JWKMatcher matcher, String keyId) throws AuthenticationFailure {
		boolean fetchedNow = false;
		if (keys == null || fetchedAt.plus(TIME_TO_LIVE).isBefore(clock.instant())) {
			fetchedNow = fetchIfAllowed(keys == null);
		}
		List<JWK> found = new JWKSelector(matcher).select(keys);
		if (!found.isEmpty()) {
			return found;
		}
		if (keyId == null || fetchedNow) {
			throw new AuthenticationFailure("no key " + describe(keyId) + " at " + url);
		}
		if (!limit.tryFetch()) {
			throw new AuthenticationFailure("key " + describe(keyId) + " is not among the keys fetched from " + url
					+ " and they may not be fetched again yet: the refresh limit of " + issuer + " (" + limit
					+ ", key-refresh-limit / key-refresh-period) is reached");
		}
		keys = fetch();
		found = new JWKSelector(matcher).select(keys);
		if (found.isEmpty()) {
			throw new AuthenticationFailure("no key " + describe(keyId) + " at " + url + ", even fetched again");
		}
		return found;
	}

	/**
	 * Fetches the keys when the limit allows, and tells whether it tried. Keys that have
	 * only grown old are kept when the limit is reached or the fetch fails; having none
	 * is a failure.
	 */
	private boolean fetchIfAllowed(boolean noneHeld) throws AuthenticationFailure {
		if (!limit.tryFetch()) {
			if (noneHeld) {
				throw new AuthenticationFailure("keys at " + url + " not fetched: the refresh limit of " + issuer + " ("
						+ limit + ") is reached");
			}
			return false;
		}
		try {
			keys = fetch();
		}
		catch (AuthenticationFailure unavailable) {
			if (noneHeld) {
				throw unavailable;
			}
			// Logged; the keys held are still the client's keys.
		}
		return true;
	}

	private JWKSet fetch() throws AuthenticationFailure {
		try {
			String document = retriever.retrieveResource(url.toURL()).getContent();
			JWKSet fetched = parse(document);
			fetchedAt = clock.instant();
			log.debug("Fetched {} key(s) of {} from {}", fetched.size(), issuer, url);
			return fetched;
		}
		catch (IOException | ParseException | RuntimeException ex) {
			String cause = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
			log.warn("Could not fetch the keys of client {} from {}: {}", issuer, url, cause);
			throw new AuthenticationFailure("keys unavailable from " + url + " (" + cause + ")");
		}
	}

	private JWKSet parse(String document) throws ParseException {
		return parse(document, format);
	}

	/** The public keys of a document written in this format, as a fetch reads them. */
	static JWKSet parse(String document, SecurityProperties.KeySetFormat format) throws ParseException {
		if (format == SecurityProperties.KeySetFormat.JWK_SET) {
			return JWKSet.parse(document).toPublicJWKSet();
		}
		return parseDaVinciPublicKeys(document);
	}

	/**
	 * The Da Vinci CRD request generator's key list: {@code [{"id": "<kid>", "pem":
	 * {<public JWK without kid>}}, ...]}. The id becomes the key's kid.
	 */
	static JWKSet parseDaVinciPublicKeys(String document) throws ParseException {
		List<JWK> keys = new ArrayList<>();
		List<Object> entries = JSONArrayUtils.parse(document);
		for (int i = 0; i < entries.size(); i++) {
			if (!(entries.get(i) instanceof Map<?, ?> entry) || !(entry.get("id") instanceof String id)
					|| !(entry.get("pem") instanceof Map<?, ?> jwk)) {
				throw new ParseException("entry " + i + " is not {\"id\": <string>, \"pem\": <JWK>}", 0);
			}
			Map<String, Object> withKeyId = new LinkedHashMap<>();
			jwk.forEach((name, value) -> withKeyId.put(String.valueOf(name), value));
			withKeyId.put("kid", id);
			keys.add(JWK.parse(withKeyId).toPublicJWK());
		}
		return new JWKSet(keys);
	}

	private static String describe(String keyId) {
		return keyId == null ? "(no kid)" : "'" + keyId + "'";
	}

	/**
	 * Reads at most 256 KB within 2-second timeouts, and never follows a redirect: the
	 * keys come from the URL configured for the client or from nowhere.
	 */
	private static final class NoRedirectRetriever extends DefaultResourceRetriever {

		NoRedirectRetriever() {
			super(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_SIZE_BYTES);
		}

		@Override
		protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
			HttpURLConnection connection = super.openHTTPConnection(url);
			connection.setInstanceFollowRedirects(false);
			return connection;
		}

	}

}
