package org.ldncds.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.ldncds.hooks.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every call to discovery, a service or feedback must carry the calling EHR's signed JWT.
 * A call that does not gets a short 401 that tells an attacker nothing; the reason goes
 * to the log, never the token.
 */
class ClientAuthenticationFilter extends OncePerRequestFilter {

	static final String DISABLED_HEADER = "X-LDN-CDS-Authentication";

	private static final Logger log = LoggerFactory.getLogger(ClientAuthenticationFilter.class);

	private static final String UNAUTHORIZED = """
			{"error":"unauthorized","detail":"a valid client token is required"}""";

	private static final String REPLAY_CHECK_UNAVAILABLE = """
			{"error":"replay_check_unavailable","detail":"the token could not be checked against the shared \
			replay cache; try again shortly with a new token"}""";

	private final ClientTokenVerifier verifier;

	private final SecurityProperties properties;

	private final Audiences audiences;

	ClientAuthenticationFilter(ClientTokenVerifier verifier, SecurityProperties properties, Audiences audiences) {
		this.verifier = verifier;
		this.properties = properties;
		this.audiences = audiences;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// The path as routed: the raw URI of /%63ds-services/... or /cds-services;x/...
		// reaches the services too.
		return "OPTIONS".equals(request.getMethod())
				|| !RequestPaths.isUnder(RequestPaths.of(request), "/cds-services");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!properties.enabled()) {
			response.setHeader(DISABLED_HEADER, "disabled");
			request.setAttribute(Caller.ATTRIBUTE,
					new AuthenticatedClient(null, null, List.of(), true, properties.allowHttpFhirServer()));
			chain.doFilter(request, response);
			return;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			refuse(response, "no bearer token");
			return;
		}
		AuthenticatedClient client;
		try {
			client = verifier.verify(authorization.substring(7).strip(), audiences.endpointOf(request));
		}
		catch (ReplayCheckUnavailable unavailable) {
			// Fail closed: a token whose id could not be checked may be a replay.
			unavailable(response, unavailable.getMessage());
			return;
		}
		catch (AuthenticationFailure failure) {
			refuse(response, failure.getMessage());
			return;
		}
		catch (RuntimeException unexpected) {
			// Fail closed: whatever went wrong, an unverified token authenticates nobody.
			refuse(response, "verification failed with " + unexpected.getClass().getName());
			return;
		}
		request.setAttribute(Caller.ATTRIBUTE, client);
		chain.doFilter(request, response);
	}

	private static void unavailable(HttpServletResponse response, String reason) throws IOException {
		log.warn("Refused a call whose token id could not be checked: {}", reason);
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader(HttpHeaders.RETRY_AFTER, "5");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write(REPLAY_CHECK_UNAVAILABLE);
	}

	private static void refuse(HttpServletResponse response, String reason) throws IOException {
		log.info("Refused an unauthenticated call: {}", reason);
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write(UNAUTHORIZED);
	}

}
