package org.ldncds.db;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** CDS Hooks 2.0 feedback bodies, as an EHR sends them. */
public final class FeedbackJson {

	private static final ObjectMapper JSON = new ObjectMapper();

	private FeedbackJson() {
	}

	/** An item accepting the suggestion of the card. */
	public static ObjectNode accepted(String cardUuid, String suggestionUuid, Instant at) {
		ObjectNode item = item(cardUuid, "accepted", at);
		item.putArray("acceptedSuggestions").addObject().put("id", suggestionUuid);
		return item;
	}

	/** An item overriding the card with the reason given (one of the card's). */
	public static ObjectNode overridden(String cardUuid, JsonNode reason, Instant at) {
		ObjectNode item = item(cardUuid, "overridden", at);
		item.putObject("overrideReason").set("reason", reason.deepCopy());
		return item;
	}

	/** An override reason as a client sends it: a Coding with system and code. */
	public static ObjectNode reason(String system, String code) {
		return JSON.createObjectNode().put("system", system).put("code", code);
	}

	/** An item overriding the card without a reason. */
	public static ObjectNode overridden(String cardUuid, Instant at) {
		return item(cardUuid, "overridden", at);
	}

	private static ObjectNode item(String cardUuid, String outcome, Instant at) {
		ObjectNode item = JSON.createObjectNode();
		item.put("card", cardUuid);
		item.put("outcome", outcome);
		item.put("outcomeTimestamp", at.toString());
		return item;
	}

	/**
	 * The counts of a feedback answer alone ({@code received}, {@code stored}), as
	 * clients written for the first answer shape read it.
	 */
	public static JsonNode counts(JsonNode answer) {
		ObjectNode counts = answer.deepCopy();
		counts.retain("received", "stored");
		return counts;
	}

	/** The body {@code {"feedback": [items]}}. */
	public static String body(JsonNode... items) {
		ObjectNode body = JSON.createObjectNode();
		ArrayNode feedback = body.putArray("feedback");
		for (JsonNode item : items) {
			feedback.add(item);
		}
		return body.toString();
	}

}
