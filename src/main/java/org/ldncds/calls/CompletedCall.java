package org.ldncds.calls;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ldncds.hooks.Caller;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.ServiceCall;
import org.ldncds.hooks.ServiceOutcome;

/**
 * What one service call did, handed to {@link CallListener}s once it is answered. It
 * holds the patient id in clear (a listener that stores it must pseudonymise it) and
 * never the request body.
 *
 * @param callId an id for this call, unique per call
 * @param at when the call arrived
 * @param serviceId the service called
 * @param hook the hook named in the request, if it could be read
 * @param hookInstance the hook instance named in the request, if it could be read
 * @param clientIssuer the authenticated client, if known
 * @param clientTenant the tenant the client's token named, if any
 * @param fhirServer the EHR's FHIR server, if given
 * @param patientId the patient in context, if it could be read
 * @param ruleBaseVersion the knowledge and rule versions that answered
 * @param firedRules the rules that fired
 * @param prefetch for each prefetch key: supplied, supplied-empty, supplied-partial,
 * fetched, skipped, unavailable or missing
 * @param cards the cards issued
 * @param status the HTTP status of the answer
 * @param latencyMillis the time taken to answer
 */
public record CompletedCall(String callId, Instant at, String serviceId, String hook, String hookInstance,
		String clientIssuer, String clientTenant, String fhirServer, String patientId, String ruleBaseVersion,
		List<String> firedRules, Map<String, String> prefetch, List<IssuedCard> cards, int status, long latencyMillis) {

	public CompletedCall {
		firedRules = List.copyOf(firedRules);
		prefetch = Map.copyOf(prefetch);
		cards = List.copyOf(cards);
	}

	/**
	 * The record of a call from what the controller attached to it (nothing when the call
	 * was refused before a service was reached).
	 */
	static CompletedCall of(String callId, Instant at, String serviceId, Optional<ServiceCall> served, int status,
			long latencyMillis) {
		HookRequest request = served.map(ServiceCall::request).orElse(null);
		Optional<ServiceOutcome> outcome = served.flatMap(ServiceCall::result);
		Optional<ServiceOutcome.Answered> answered = outcome.filter(ServiceOutcome.Answered.class::isInstance)
			.map(ServiceOutcome.Answered.class::cast);
		Caller caller = (request == null) ? Caller.UNKNOWN : request.caller();
		return new CompletedCall(callId, at, serviceId, (request == null) ? null : request.hook(),
				(request == null) ? null : request.hookInstance(), caller.issuer(), caller.tenant(),
				(request == null) ? null : request.server().map(Object::toString).orElse(null),
				(request == null) ? null : request.context().patientId(),
				answered.map(ServiceOutcome.Answered::knowledgeVersion).orElse(null),
				answered.map(ServiceOutcome.Answered::firedRules).orElse(List.of()),
				outcome.map(ServiceOutcome::prefetch).orElse(Map.of()),
				answered.map(ServiceOutcome.Answered::cards).orElse(List.of()), status, latencyMillis);
	}

}
