package org.ldncds.fhir;

import java.net.URI;
import java.util.Optional;

import org.ldncds.hooks.Caller;

/**
 * The FHIR server a call may have the service read from, and what the service may send
 * it. The token goes to this server's origin only.
 *
 * @param server the call's {@code fhirServer}
 * @param accessToken the token the EHR lent for it, or {@code null}
 * @param caller who made the call: decides which origins may be called for it
 */
record FetchTarget(URI server, String accessToken, Caller caller) {

	Optional<String> token() {
		return Optional.ofNullable(accessToken).filter((token) -> !token.isBlank());
	}

	/** The server's origin, {@code scheme://host:port}, lower case, port always given. */
	String origin() {
		return originOf(server);
	}

	/** Whether the URL is on this server's origin (scheme, host and port). */
	boolean isOnServer(URI url) {
		return url.isAbsolute() && url.getRawUserInfo() == null && url.getHost() != null
				&& originOf(url).equals(origin());
	}

	static String originOf(URI url) {
		String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
		int port = (url.getPort() >= 0) ? url.getPort() : ("https".equals(scheme) ? 443 : 80);
		return scheme + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
	}

}
