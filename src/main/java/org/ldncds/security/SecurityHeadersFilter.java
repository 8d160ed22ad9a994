package org.ldncds.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers that keep browsers from doing anything clever with the service's answers. The
 * APIs get a policy that allows nothing; the pages (the sandbox at {@code /}, the
 * analytics at {@code /analytics} and their assets) one that allows this origin's own
 * scripts, styles and calls and nothing else: no inline script, no other host.
 */
class SecurityHeadersFilter extends OncePerRequestFilter {

	static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

	static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private final boolean authenticationDisabled;

	SecurityHeadersFilter(boolean authenticationDisabled) {
		this.authenticationDisabled = authenticationDisabled;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (authenticationDisabled) {
			// Said on every response, so that nobody
			// mistakes this instance for a secured one.
			response.setHeader(ClientAuthenticationFilter.DISABLED_HEADER, "disabled");
		}
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		if (isApi(RequestPaths.of(request))) {
			response.setHeader("Cache-Control", "no-store");
			response.setHeader("Content-Security-Policy", API_POLICY);
		}
		else {
			response.setHeader("Content-Security-Policy", PAGE_POLICY);
		}
		chain.doFilter(request, response);
	}

	static boolean isApi(String path) {
		return RequestPaths.isUnder(path, "/cds-services") || path.startsWith("/analytics/")
				|| RequestPaths.isUnder(path, "/demo") || RequestPaths.isUnder(path, "/actuator");
	}

}
