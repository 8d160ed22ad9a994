package org.ldncds.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of everything that may read a request body or answer without reading it: the
 * body can be read only in time ({@link TimedRequestBody}), and an answer sent before it
 * was read says {@code Connection: close} ({@link ClosingResponse}), whichever filter or
 * controller gives it (CORS refusals and error pages included).
 */
class RequestBodyTiming extends OncePerRequestFilter {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final RequestBodyProperties limits;

	RequestBodyTiming(RequestBodyProperties limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !RequestBodyGuard.declaresBody(request);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// Error pages are answers too, and Tomcat sends them on the unwrapped response.
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		TimedRequestBody timed = new TimedRequestBody(request, limits);
		chain.doFilter(timed, new ClosingResponse(response, timed));
	}

}
