package org.ldncds.hooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.ldncds.cards.IssuedCard;

/**
 * What is learnt about a service call while it is answered: filled in by the controller
 * and the service, read once the status is known. One per request; not shared between
 * threads.
 */
public final class CallTrace {

	static final String ATTRIBUTE = CallTrace.class.getName();

	private final String callId = UUID.randomUUID().toString();

	private final Instant startedAt;

	private final long startedNanos = System.nanoTime();

	private String serviceId;

	private HookRequest request;

	private String clientIssuer;

	private String clientTenant;

	private String ruleBaseVersion;

	private final List<String> firedRules = new ArrayList<>();

	private final Map<String, String> prefetch = new LinkedHashMap<>();

	private final List<IssuedCard> cards = new ArrayList<>();

	CallTrace(Instant startedAt) {
		this.startedAt = startedAt;
	}

	/**
	 * When the call arrived, as {@link System#nanoTime()}: its time budgets count from
	 * here.
	 */
	public long startedNanos() {
		return startedNanos;
	}

	/**
	 * A trace belonging to no HTTP request: for calling a service directly (benchmarks).
	 */
	public static CallTrace detached() {
		return new CallTrace(Instant.now());
	}

	/** The trace of the current request, or a detached one outside the call endpoint. */
	static CallTrace of(HttpServletRequest request) {
		Object trace = request.getAttribute(ATTRIBUTE);
		return (trace instanceof CallTrace found) ? found : new CallTrace(Instant.now());
	}

	void service(String serviceId) {
		this.serviceId = serviceId;
	}

	void request(HookRequest request) {
		this.request = request;
	}

	/** The authenticated client that made the call, and the tenant it named. */
	public void client(String issuer, String tenant) {
		this.clientIssuer = issuer;
		this.clientTenant = tenant;
	}

	/** Where each prefetch key's data came from. */
	public void prefetch(String key, String origin) {
		prefetch.put(key, origin);
	}

	void missingPrefetch(List<String> keys) {
		keys.forEach((key) -> prefetch.put(key, "missing"));
	}

	/** What answered: the rule base version, the rules that fired and the cards made. */
	public void answered(String ruleBaseVersion, List<String> firedRules, List<IssuedCard> cards) {
		this.ruleBaseVersion = ruleBaseVersion;
		this.firedRules.addAll(firedRules);
		this.cards.addAll(cards);
	}

	CompletedCall complete(int status) {
		long latency = (System.nanoTime() - startedNanos) / 1_000_000;
		return new CompletedCall(callId, startedAt, serviceId, request == null ? null : request.hook(),
				request == null ? null : request.hookInstance(), clientIssuer, clientTenant,
				request == null || request.fhirServer() == null ? null : request.fhirServer().toString(),
				request == null ? null : request.context().patientId(), ruleBaseVersion, firedRules, prefetch, cards,
				status, latency);
	}

}
