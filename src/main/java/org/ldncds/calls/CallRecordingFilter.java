package org.ldncds.calls;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.ldncds.hooks.ServiceCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every POST to a service, whatever its outcome (200, 4xx, 412...): once the
 * status is known, it reads what the controller attached ({@link ServiceCall}) and tells
 * the {@link CallListener}s. The one place a call's record is put together.
 */
@Component
@Order(5)
class CallRecordingFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(CallRecordingFilter.class);

	private static final Pattern SERVICE_CALL = Pattern.compile("/cds-services/([^/]+)");

	private final List<CallListener> listeners;

	private final Clock clock;

	private final WarmUpCalls warmUp;

	CallRecordingFilter(List<CallListener> listeners, Clock clock, WarmUpCalls warmUp) {
		this.listeners = listeners;
		this.clock = clock;
		this.warmUp = warmUp;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// The service's own warm-up calls at startup are nobody's: not recorded.
		return !"POST".equals(request.getMethod()) || !SERVICE_CALL.matcher(pathOf(request)).matches()
				|| warmUp.isWarmUp(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Instant at = clock.instant();
		long startedNanos = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			long latencyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
			CompletedCall call = CompletedCall.of(UUID.randomUUID().toString(), at, serviceIdOf(request),
					ServiceCall.of(request), response.getStatus(), latencyMillis);
			try {
				for (CallListener listener : listeners) {
					notify(listener, call);
				}
			}
			finally {
				// Put by the controller once it read the request.
				MDC.remove(ServiceCall.LOG_HOOK_INSTANCE);
				MDC.remove(ServiceCall.LOG_CLIENT_ISSUER);
			}
		}
	}

	private static String serviceIdOf(HttpServletRequest request) {
		var matcher = SERVICE_CALL.matcher(pathOf(request));
		return matcher.matches() ? matcher.group(1) : null;
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
