package org.ldncds.hooks;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Traces every POST to a service, whatever its outcome (200, 4xx, 412...), and tells the
 * {@link CallListener}s once the status is known.
 */
@Component
@Order(5)
class CallTraceFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(CallTraceFilter.class);

	private static final Pattern SERVICE_CALL = Pattern.compile("/cds-services/([^/]+)");

	private final List<CallListener> listeners;

	private final Clock clock;

	CallTraceFilter(List<CallListener> listeners, Clock clock) {
		this.listeners = listeners;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !SERVICE_CALL.matcher(pathOf(request)).matches();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		CallTrace trace = new CallTrace(clock.instant());
		var matcher = SERVICE_CALL.matcher(pathOf(request));
		trace.service(matcher.matches() ? matcher.group(1) : null);
		request.setAttribute(CallTrace.ATTRIBUTE, trace);
		try {
			chain.doFilter(request, response);
		}
		finally {
			CompletedCall call = trace.complete(response.getStatus());
			for (CallListener listener : listeners) {
				notify(listener, call);
			}
		}
	}

	/**
	 * The path Spring MVC routes on (decoded, without path parameters), so that no
	 * spelling of a service URL escapes the trace.
	 */
	private static String pathOf(HttpServletRequest request) {
		String pathInfo = request.getPathInfo();
		return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
	}

	private static void notify(CallListener listener, CompletedCall call) {
		try {
			listener.completed(call);
		}
		catch (RuntimeException ex) {
			log.error("Call listener {} failed: {}", listener.getClass().getSimpleName(), ex.getClass().getName());
		}
	}

}
