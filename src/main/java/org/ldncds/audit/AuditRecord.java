package org.ldncds.audit;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.ldncds.hooks.Card;
import org.ldncds.hooks.Coding;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.Suggestion;
import org.ldncds.calls.CompletedCall;

/**
 * One call as the audit trail keeps it: identifiers, versions, rule names and card
 * summaries, with the patient pseudonymised. No names, birth dates, free text or FHIR.
 */
record AuditRecord(String callId, Instant at, String serviceId, String hook, String hookInstance, String clientIssuer,
		String clientTenant, String fhirServerHost, String patientKey, String ruleBaseVersion, List<String> firedRules,
		List<String> prefetchSupplied, List<String> prefetchFetched, List<String> prefetchMissing,
		List<CardRecord> cards, int status, long latencyMillis) {

	/** A card issued in the call, with what feedback on it may refer to. */
	record CardRecord(String uuid, String rule, String indicator, String summary, List<String> suggestionUuids,
			List<String> overrideReasons) {

		static CardRecord of(IssuedCard issued) {
			Card card = issued.card();
			List<String> suggestions = card.suggestions() == null ? List.of()
					: card.suggestions().stream().map(Suggestion::uuid).toList();
			List<String> reasons = card.overrideReasons() == null ? List.of()
					: card.overrideReasons().stream().map(CardRecord::reasonKey).toList();
			return new CardRecord(card.uuid(), issued.rule(), card.indicator().code(), card.summary(), suggestions,
					reasons);
		}

		static String reasonKey(Coding reason) {
			return reasonKey(reason.system(), reason.code());
		}

		static String reasonKey(String system, String code) {
			return system + "|" + code;
		}

	}

	/**
	 * The record of a call. What the caller chose (the service id in the path, the hook
	 * instance, the client, the server host) is cut to the width of its column: a record
	 * the database refuses for length would be lost.
	 */
	static AuditRecord of(CompletedCall call, PatientPseudonym pseudonym) {
		return new AuditRecord(call.callId(), call.at(), clip(String.valueOf(call.serviceId()), 100),
				clip(call.hook(), 100), clip(call.hookInstance(), 100), clip(call.clientIssuer(), 500),
				clip(call.clientTenant(), 200), clip(hostOf(call.fhirServer()), 255),
				pseudonym.of(call.fhirServer(), call.patientId()), call.ruleBaseVersion(), call.firedRules(),
				keysWith(call.prefetch(), "supplied", "supplied-empty", "supplied-partial"),
				keysWith(call.prefetch(), "fetched"), keysWith(call.prefetch(), "missing"),
				call.cards().stream().map(CardRecord::of).toList(), call.status(), call.latencyMillis());
	}

	private static List<String> keysWith(Map<String, String> prefetch, String... origins) {
		List<String> wanted = List.of(origins);
		return prefetch.entrySet()
			.stream()
			.filter((entry) -> wanted.contains(entry.getValue()))
			.map(Map.Entry::getKey)
			.sorted()
			.collect(Collectors.toList());
	}

	private static String clip(String value, int maxLength) {
		return value == null || value.length() <= maxLength ? value : value.substring(0, maxLength);
	}

	private static String hostOf(String fhirServer) {
		if (fhirServer == null) {
			return null;
		}
		try {
			URI uri = URI.create(fhirServer);
			return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
