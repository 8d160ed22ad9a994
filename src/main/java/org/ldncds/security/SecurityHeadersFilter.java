package org.ldncds.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/** Headers that keep browsers from doing anything clever with the API's answers. */
class SecurityHeadersFilter extends OncePerRequestFilter {

	private final boolean authenticationDisabled;

	SecurityHeadersFilter(boolean authenticationDisabled) {
		this.authenticationDisabled = authenticationDisabled;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (authenticationDisabled) {
			// Said on every response, so that nobody mistakes this instance for a secured
			// one.
			response.setHeader(ClientAuthenticationFilter.DISABLED_HEADER, "disabled");
		}
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		String path = ClientAuthenticationFilter.pathOf(request);
		if (path.startsWith("/cds-services") || path.startsWith("/analytics")) {
			response.setHeader("Cache-Control", "no-store");
			response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
		}
		chain.doFilter(request, response);
	}

}
