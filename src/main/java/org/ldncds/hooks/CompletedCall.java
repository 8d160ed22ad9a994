package org.ldncds.hooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ldncds.cards.IssuedCard;

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
 * @param prefetch for each prefetch key: supplied, supplied-empty, fetched or missing
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

}
