package org.ldncds.ldn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A card in the form scenario files expect it: every field the EHR receives, except what
 * differs from call to call, so that cards are compared whole.
 * <ul>
 * <li>{@code indicator} and {@code summary} come first; the other fields follow as the
 * service writes them, so a field added to cards shows up in every scenario.</li>
 * <li>No {@code uuid}, on the card or its suggestions: they are random.</li>
 * <li>{@code detail} is a list of lines.</li>
 * <li>In {@code source.label} the knowledge base version is written
 * {@value #KNOWLEDGE_VERSION}: a new version changes no scenario.</li>
 * <li>An override reason is its {@code code} and {@code display}; every reason's
 * {@code system} must be the knowledge base's override reasons (checked by the scenario
 * tests).</li>
 * <li>The {@code resource} of an update or create action keeps the fields that say what
 * would be dispensed: {@code resourceType}, {@code id}, the medication
 * ({@code medicationCodeableConcept} or {@code medicationReference}), {@code contained},
 * {@code dosageInstruction} and {@code dispenseRequest}.</li>
 * </ul>
 * Cards are listed most urgent first, then by summary.
 */
final class CardForm {

	static final String KNOWLEDGE_VERSION = "{knowledgeVersion}";

	private static final List<String> RESOURCE_FIELDS = List.of("resourceType", "id", "medicationCodeableConcept",
			"medicationReference", "contained", "dosageInstruction", "dispenseRequest");

	private static final List<String> MOST_URGENT_FIRST = List.of("critical", "warning", "info");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private CardForm() {
	}

	/** The cards of a response, in their expected form and order. */
	static ArrayNode ofAll(JsonNode cards, String knowledgeVersion) {
		List<ObjectNode> forms = new ArrayList<>();
		cards.forEach((card) -> forms.add(ofCard(card, knowledgeVersion)));
		forms.sort(Comparator.comparing((ObjectNode card) -> urgency(card.path("indicator").asText()))
			.thenComparing((card) -> card.path("summary").asText()));
		ArrayNode array = NODES.arrayNode();
		forms.forEach(array::add);
		return array;
	}

	/** 0 for critical, 1 for warning, 2 for info; 3 for anything else. */
	static int urgency(String indicator) {
		int rank = MOST_URGENT_FIRST.indexOf(indicator);
		return (rank < 0) ? MOST_URGENT_FIRST.size() : rank;
	}

	static ObjectNode ofCard(JsonNode card, String knowledgeVersion) {
		ObjectNode form = NODES.objectNode();
		form.set("indicator", card.path("indicator"));
		form.set("summary", card.path("summary"));
		for (Map.Entry<String, JsonNode> field : card.properties()) {
			JsonNode value = field.getValue();
			switch (field.getKey()) {
				case "uuid", "indicator", "summary" -> {
				}
				case "detail" -> form.set("detail", lines(value.asText()));
				case "source" -> form.set("source", source(value, knowledgeVersion));
				case "suggestions" -> form.set("suggestions", suggestions(value));
				case "overrideReasons" -> form.set("overrideReasons", reasons(value));
				default -> form.set(field.getKey(), value);
			}
		}
		return form;
	}

	/** The detail, back from its lines. */
	static String detailOf(JsonNode form) {
		List<String> lines = new ArrayList<>();
		form.path("detail").forEach((line) -> lines.add(line.asText()));
		return String.join("\n", lines);
	}

	private static ArrayNode lines(String text) {
		ArrayNode lines = NODES.arrayNode();
		for (String line : text.split("\n", -1)) {
			lines.add(line);
		}
		return lines;
	}

	private static JsonNode source(JsonNode source, String knowledgeVersion) {
		ObjectNode form = source.deepCopy();
		if (source.has("label")) {
			form.put("label", source.path("label").asText().replace(knowledgeVersion, KNOWLEDGE_VERSION));
		}
		return form;
	}

	private static ArrayNode suggestions(JsonNode suggestions) {
		ArrayNode forms = NODES.arrayNode();
		for (JsonNode suggestion : suggestions) {
			ObjectNode form = suggestion.deepCopy();
			form.remove("uuid");
			ArrayNode actions = NODES.arrayNode();
			suggestion.path("actions").forEach((action) -> actions.add(action(action)));
			if (suggestion.has("actions")) {
				form.set("actions", actions);
			}
			forms.add(form);
		}
		return forms;
	}

	private static JsonNode action(JsonNode action) {
		ObjectNode form = action.deepCopy();
		if (action.path("resource").isObject()) {
			ObjectNode resource = NODES.objectNode();
			RESOURCE_FIELDS.stream()
				.filter(action.path("resource")::has)
				.forEach((name) -> resource.set(name, action.path("resource").get(name)));
			form.set("resource", resource);
		}
		return form;
	}

	private static ArrayNode reasons(JsonNode reasons) {
		ArrayNode forms = NODES.arrayNode();
		for (JsonNode reason : reasons) {
			ObjectNode form = NODES.objectNode();
			form.set("code", reason.path("code"));
			form.set("display", reason.path("display"));
			forms.add(form);
		}
		return forms;
	}

}
