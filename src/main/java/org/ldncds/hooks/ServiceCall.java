package org.ldncds.hooks;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One service call as the controller saw it: the request it read, who sent it, and what
 * the service did. The controller attaches it to the HTTP request once, when the call is
 * over; whoever records calls reads it there with the HTTP status. Nothing else writes
 * it.
 *
 * @param request the parsed request
 * @param outcome what the service did, or {@code null} when it threw (a refusal the
 * exception handler answers, such as 403 or 429)
 */
public record ServiceCall(HookRequest request, ServiceOutcome outcome) {

	private static final String ATTRIBUTE = ServiceCall.class.getName();

	/**
	 * The log context (MDC) keys of a call, in every log line once the request is read:
	 * the hook instance and the authenticated client. Never patient data.
	 */
	public static final String LOG_HOOK_INSTANCE = "hookInstance";

	public static final String LOG_CLIENT_ISSUER = "clientIssuer";

	void attachTo(HttpServletRequest httpRequest) {
		httpRequest.setAttribute(ATTRIBUTE, this);
	}

	/** The call attached to this HTTP request, if the request got as far as a service. */
	public static Optional<ServiceCall> of(HttpServletRequest httpRequest) {
		return Optional.ofNullable(httpRequest.getAttribute(ATTRIBUTE))
			.filter(ServiceCall.class::isInstance)
			.map(ServiceCall.class::cast);
	}

	public Optional<ServiceOutcome> result() {
		return Optional.ofNullable(outcome);
	}

}
