package org.ldncds.feedback;

import org.ldncds.audit.AuditRepository;

import java.time.Instant;
import java.util.List;

/**
 * One item of CDS Hooks feedback, validated: what the clinician did with a card.
 *
 * @param cardUuid the card
 * @param serviceId the service that issued it
 * @param outcome accepted or overridden
 * @param acceptedSuggestions the suggestions accepted, for accepted outcomes
 * @param reasonSystem the system of the override reason chosen, or {@code null}
 * @param reasonCode the code of the override reason chosen, or {@code null}
 * @param reasonByClient whether the reason is the client's own, one the card did not
 * offer (CDS Hooks 2.0 lets a client add its own)
 * @param outcomeTimestamp when the clinician acted
 */
record Feedback(String cardUuid, String serviceId, Outcome outcome, List<String> acceptedSuggestions,
		String reasonSystem, String reasonCode, boolean reasonByClient, Instant outcomeTimestamp,
		AuditRepository.IssuedCardRecord card) {

	enum Outcome {

		ACCEPTED, OVERRIDDEN;

		String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
