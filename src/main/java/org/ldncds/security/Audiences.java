package org.ldncds.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The URLs a token may name in {@code aud} for the endpoint a call reached. They come
 * from configuration, {@code ldn.security.public-base-url}, and, when it is not set, from
 * the port the call arrived on (this service on a loopback name): never from the
 * {@code Host}, {@code Forwarded} or {@code X-Forwarded-*} headers, which whoever replays
 * a token another service received can set to that service's name.
 */
final class Audiences {

	static final String PROPERTY = "ldn.security.public-base-url";

	private static final List<String> LOOPBACK_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");

	private final String publicBaseUrl;

	private final String loopbackScheme;

	/**
	 * @param publicBaseUrl the URL EHRs call the service by, or null
	 * @param tls whether the server itself speaks https
	 */
	Audiences(URI publicBaseUrl, boolean tls) {
		this.publicBaseUrl = publicBaseUrl == null ? null : validated(publicBaseUrl);
		this.loopbackScheme = tls ? "https" : "http";
	}

	/** The endpoint the request reached, under its configured and loopback URLs. */
	Endpoint endpointOf(HttpServletRequest request) {
		String path = RequestPaths.of(request);
		List<String> loopback = new ArrayList<>();
		for (String base : loopbackBases(request.getLocalPort())) {
			loopback.add(base + request.getContextPath() + path);
		}
		return new Endpoint(publicBaseUrl == null ? loopback : List.of(publicBaseUrl + path), loopback);
	}

	/** For the startup log: what tokens must name, on this port. */
	String describe(int port, String contextPath) {
		if (publicBaseUrl != null) {
			return publicBaseUrl + "/cds-services/{service} (" + PROPERTY + ")";
		}
		return loopbackBases(port).get(0) + contextPath + "/cds-services/{service} (or on 127.0.0.1 or [::1]); "
				+ PROPERTY + " is not set, so an EHR that calls this service by any other name is refused "
				+ "until it is set to the URL EHRs call";
	}

	boolean hasPublicBaseUrl() {
		return publicBaseUrl != null;
	}

	private List<String> loopbackBases(int port) {
		return LOOPBACK_HOSTS.stream().map((host) -> loopbackScheme + "://" + host + ":" + port).toList();
	}

	/** An absolute http(s) URL with no query, fragment or user, without a trailing /. */
	private static String validated(URI url) {
		String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
		if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || url.getRawQuery() != null
				|| url.getRawFragment() != null || url.getRawUserInfo() != null) {
			throw new IllegalStateException(PROPERTY + " must be the http(s) URL EHRs call this service by, "
					+ "without query, fragment or user (for example https://cds.example.org), not " + url);
		}
		String text = url.toString();
		while (text.endsWith("/")) {
			text = text.substring(0, text.length() - 1);
		}
		if (text.endsWith("/cds-services")) {
			throw new IllegalStateException(PROPERTY + " is the URL /cds-services is under, without /cds-services: "
					+ text.substring(0, text.length() - "/cds-services".length()));
		}
		return text;
	}

	/**
	 * The endpoint a call reached.
	 *
	 * @param configuredUrls its URLs under the public base URL, or its loopback URLs when
	 * none is configured
	 * @param loopbackUrls its URLs on this machine's loopback names, which the demo
	 * client (tokens for local callers only) may always name
	 */
	record Endpoint(List<String> configuredUrls, List<String> loopbackUrls) {
	}

}
