package org.ldncds.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.ldncds.web.ConnectionValve;

/**
 * Whether a caller is on this machine and came directly, which is all the demo token and
 * (without administrator credentials) the analytics ask. Only the socket decides: its
 * peer must be a loopback address, the remote address must not have been rewritten from
 * {@code X-Forwarded-For} (Tomcat's RemoteIpValve, which Spring Boot turns on behind some
 * cloud platforms), and the request must carry no header that a proxy adds, since a proxy
 * on this machine connects from loopback on behalf of anyone. No header can make a caller
 * local; any header can make it not.
 */
final class LocalCaller {

	/** Headers naming a client or a host on whose behalf a proxy connected. */
	private static final Set<String> PROXY_HEADERS = Set.of("forwarded", "x-real-ip", "x-client-ip", "true-client-ip",
			"x-cluster-client-ip", "cf-connecting-ip", "fastly-client-ip", "via", "x-original-forwarded-for",
			"x-proxyuser-ip");

	/** IPv4 dotted quads, or anything with a colon (IPv6; no host name has one). */
	private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");

	private LocalCaller() {
	}

	static boolean isLocalAndDirect(HttpServletRequest request) {
		return directPeer(request).map(InetAddress::isLoopbackAddress).orElse(false);
	}

	/**
	 * The socket's peer, when the caller came directly: the remote address was not
	 * rewritten and no proxy header names anyone else.
	 */
	static Optional<InetAddress> directPeer(HttpServletRequest request) {
		// Set by the container for every request; absent, nothing is known of the socket.
		if (!(request.getAttribute(ConnectionValve.PEER_ADDRESS) instanceof String peer)
				|| !peer.equals(request.getRemoteAddr()) || hasProxyHeader(request)) {
			return Optional.empty();
		}
		return ipLiteral(peer);
	}

	private static Optional<InetAddress> ipLiteral(String address) {
		if (!IP_LITERAL.matcher(address).matches()) {
			// Not an IP literal: never resolved.
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.getByName(address));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	private static boolean hasProxyHeader(HttpServletRequest request) {
		for (String name : Collections.list(request.getHeaderNames())) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (PROXY_HEADERS.contains(lower) || lower.startsWith("x-forwarded-")) {
				return true;
			}
		}
		return false;
	}

}
