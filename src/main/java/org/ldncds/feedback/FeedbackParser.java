package org.ldncds.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ldncds.audit.AuditRepository.IssuedCardRecord;
import org.ldncds.audit.AuditProperties;
import org.ldncds.audit.AuditTrail;
import org.ldncds.hooks.CardIds;
import org.ldncds.hooks.CdsHooksException;
import org.ldncds.hooks.StrictJson;

import org.springframework.stereotype.Component;

/**
 * Reads and checks a feedback body. A body that is not a JSON object with a non-empty
 * {@code feedback} array is refused whole. Each item is then judged on its own: it must
 * refer to a card this service issued, with an outcome consistent with its other fields;
 * an override reason the card did not offer is the client's own (CDS Hooks 2.0 lets a
 * client add its own reasons) and is kept, marked as such. A refused item's reason names
 * the item and the field; it does not stop the other items.
 */
@Component
class FeedbackParser {

	private final StrictJson strictJson;

	private final AuditTrail audit;

	private final AuditProperties properties;

	private final Clock clock;

	FeedbackParser(ObjectMapper objectMapper, AuditTrail audit, AuditProperties properties, Clock clock) {
		this.strictJson = new StrictJson(objectMapper);
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	/** The longest override reason system and code the feedback table holds. */
	static final int MAX_REASON_SYSTEM = 500;

	static final int MAX_REASON_CODE = 100;

	/**
	 * One item of the body, judged: the feedback to store, or why it was refused.
	 *
	 * @param index the item's place in the body
	 * @param card the card uuid the item names, or {@code null} when it names none
	 * @param feedback the valid feedback, or {@code null} when refused
	 * @param refusal why the item was refused, or {@code null} when valid
	 */
	record Judged(int index, String card, Feedback feedback, String refusal) {

		boolean isValid() {
			return feedback != null;
		}

	}

	List<Judged> parse(byte[] body, String serviceId) {
		JsonNode items = readJson(body).get("feedback");
		if (items == null || !items.isArray() || items.isEmpty()) {
			throw CdsHooksException.badRequest("feedback must be a non-empty array");
		}
		List<Judged> judged = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			JsonNode item = items.get(i);
			String card = item.path("card").isTextual() ? item.path("card").asText() : null;
			try {
				judged.add(new Judged(i, card, item(item, "feedback[" + i + "]", serviceId), null));
			}
			catch (CdsHooksException ex) {
				judged.add(new Judged(i, card, null, ex.getMessage()));
			}
		}
		return judged;
	}

	private Feedback item(JsonNode item, String path, String serviceId) {
		if (!item.isObject()) {
			throw CdsHooksException.badRequest(path + " must be an object");
		}
		String cardUuid = text(item, "card", path);
		Optional<IssuedCardRecord> found = audit.findCard(cardUuid);
		if (found.isEmpty() && issuedMomentsAgo(cardUuid)) {
			throw new NotYetRecorded(cardUuid);
		}
		IssuedCardRecord card = found.filter((issued) -> issued.serviceId().equals(serviceId))
			.orElseThrow(() -> CdsHooksException
				.badRequest(path + ".card " + cardUuid + " is not a card issued by " + serviceId));
		Feedback.Outcome outcome = outcome(text(item, "outcome", path), path);
		Instant at = timestamp(text(item, "outcomeTimestamp", path), path);
		List<String> accepted = acceptedSuggestions(item.get("acceptedSuggestions"), path, outcome, card);
		JsonNode reason = item.path("overrideReason").path("reason");
		if (outcome == Feedback.Outcome.ACCEPTED && item.has("overrideReason")) {
			throw CdsHooksException.badRequest(path + ".overrideReason is only allowed when the outcome is overridden");
		}
		if (reason.isMissingNode() || reason.isNull()) {
			return new Feedback(card.uuid(), serviceId, outcome, accepted, null, null, false, at, card);
		}
		String system = text(reason, "system", path + ".overrideReason.reason");
		String code = text(reason, "code", path + ".overrideReason.reason");
		boolean offered = card.offersReason(system, code);
		if (!offered) {
			// Only the card's own reasons are known to fit;
			// the client's must fit the table.
			requireAtMost(system, MAX_REASON_SYSTEM, path + ".overrideReason.reason.system");
			requireAtMost(code, MAX_REASON_CODE, path + ".overrideReason.reason.code");
		}
		return new Feedback(card.uuid(), serviceId, outcome, accepted, system, code, !offered, at, card);
	}

	/**
	 * Whether the card's uuid says it was issued within the arrival window (or a little
	 * ahead of this instance's clock): its record may still be on its way to the database
	 * from the instance that issued it.
	 */
	private boolean issuedMomentsAgo(String cardUuid) {
		Instant now = clock.instant();
		Duration window = properties.cardArrivalWindow();
		return CardIds.issuedAt(cardUuid)
			.filter((at) -> at.isAfter(now.minus(window)) && at.isBefore(now.plus(window)))
			.isPresent();
	}

	/**
	 * Feedback on a card issued moments ago that is not in the database yet: issued by
	 * another instance whose audit record has not arrived. The client is told to send the
	 * feedback again shortly; nothing of the body is stored.
	 */
	static final class NotYetRecorded extends RuntimeException {

		NotYetRecorded(String cardUuid) {
			super("card " + cardUuid + " was issued moments ago and is not recorded yet; send the feedback again", null,
					false, false);
		}

	}

	private static void requireAtMost(String value, int maxLength, String path) {
		if (value.length() > maxLength) {
			throw CdsHooksException.badRequest(path + " is longer than " + maxLength + " characters");
		}
	}

	private static List<String> acceptedSuggestions(JsonNode node, String path, Feedback.Outcome outcome,
			IssuedCardRecord card) {
		boolean absent = node == null || node.isNull() || (node.isArray() && node.isEmpty());
		if (outcome == Feedback.Outcome.OVERRIDDEN) {
			if (!absent) {
				throw CdsHooksException
					.badRequest(path + ".acceptedSuggestions must be absent when the outcome is overridden");
			}
			return List.of();
		}
		if (absent || !node.isArray()) {
			throw CdsHooksException.badRequest(path + ".acceptedSuggestions is required when the outcome is accepted");
		}
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			String id = text(node.get(i), "id", path + ".acceptedSuggestions[" + i + "]");
			if (!card.suggestionUuids().contains(id)) {
				throw CdsHooksException
					.badRequest(path + ".acceptedSuggestions[" + i + "].id " + id + " is not a suggestion of the card");
			}
			ids.add(id);
		}
		return ids;
	}

	private static Feedback.Outcome outcome(String outcome, String path) {
		return switch (outcome) {
			case "accepted" -> Feedback.Outcome.ACCEPTED;
			case "overridden" -> Feedback.Outcome.OVERRIDDEN;
			default -> throw CdsHooksException.badRequest(path + ".outcome must be accepted or overridden");
		};
	}

	private static Instant timestamp(String value, String path) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw CdsHooksException.badRequest(
					path + ".outcomeTimestamp must be an ISO 8601 date-time with offset, e.g. 2026-11-21T10:05:31Z");
		}
	}

	private static String text(JsonNode parent, String field, String path) {
		JsonNode node = parent == null ? null : parent.get(field);
		if (node == null || !node.isTextual() || node.asText().isBlank()) {
			throw CdsHooksException.badRequest(path + "." + field + " is required and must be a non-empty string");
		}
		return node.asText();
	}

	private JsonNode readJson(byte[] body) {
		JsonNode root = strictJson.read(body, "the feedback body");
		if (!root.isObject()) {
			throw CdsHooksException.badRequest("the feedback body must be a JSON object");
		}
		return root;
	}

}
