package org.ldncds.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rule analytics are for administrators: the page ({@code /analytics}) and its API
 * ({@code /analytics/rules}). With {@code ldn.admin.username} and
 * {@code ldn.admin.password} set, a caller must send them with HTTP Basic (compared in
 * constant time); without them, only callers on this machine that came directly are
 * answered, so that the local demo works and nobody else can read the figures.
 */
class AdminAccessFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(AdminAccessFilter.class);

	static final String REALM = "ldn-cds analytics";

	private static final String UNAUTHORIZED = """
			{"error":"unauthorized","detail":"rule analytics need the administrator's credentials"}""";

	private static final String FORBIDDEN = """
			{"error":"forbidden","detail":"rule analytics are served only to this machine; \
			set ldn.admin.username and ldn.admin.password to open them from elsewhere"}""";

	private final AdminProperties properties;

	AdminAccessFilter(AdminProperties properties) {
		this.properties = properties;
	}

	/**
	 * The analytics page, its HTML file and its API, and the actuator's metrics (which
	 * describe the workload); health stays open for load balancers and orchestrators.
	 */
	static boolean isAdminPath(String path) {
		return RequestPaths.isUnder(path, "/analytics") || path.startsWith("/analytics.")
				|| (RequestPaths.isUnder(path, "/actuator") && !RequestPaths.isUnder(path, "/actuator/health"));
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isAdminPath(RequestPaths.of(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (properties.credentialsConfigured()) {
			if (hasAdminCredentials(request.getHeader(HttpHeaders.AUTHORIZATION))) {
				chain.doFilter(request, response);
				return;
			}
			log.info("Refused analytics to a caller without the administrator's credentials");
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
			refuse(response, HttpServletResponse.SC_UNAUTHORIZED, UNAUTHORIZED);
			return;
		}
		if (LocalCaller.isLocalAndDirect(request)) {
			chain.doFilter(request, response);
			return;
		}
		log.info("Refused analytics to a caller not on this machine (no ldn.admin credentials configured)");
		refuse(response, HttpServletResponse.SC_FORBIDDEN, FORBIDDEN);
	}

	/**
	 * Whether the caller is the administrator: sends the configured credentials, or, with
	 * none configured, is on this machine and came directly.
	 */
	boolean isAdministrator(HttpServletRequest request) {
		return properties.credentialsConfigured() ? hasAdminCredentials(request.getHeader(HttpHeaders.AUTHORIZATION))
				: LocalCaller.isLocalAndDirect(request);
	}

	private boolean hasAdminCredentials(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return false;
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
					StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			return false;
		}
		// Both compared, always: which one is wrong takes no different time.
		boolean user = constantTimeEquals(decoded.substring(0, colon), properties.username());
		boolean password = constantTimeEquals(decoded.substring(colon + 1), properties.password());
		return user & password;
	}

	/** Compares digests, so that neither the content nor the length shows in the time. */
	static boolean constantTimeEquals(String given, String expected) {
		return MessageDigest.isEqual(sha256(given), sha256(expected));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", ex);
		}
	}

	private static void refuse(HttpServletResponse response, int status, String body) throws IOException {
		response.setStatus(status);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write(body);
	}

}
