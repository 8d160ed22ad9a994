package org.ldncds.db;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ldncds.testing.CdsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published example call ({@code examples/order-select-ldn-with-oxycodone.json}): LDN
 * selected for a patient on oxycodone, answered with a critical opioid card and
 * information cards. Each instance has a hookInstance of its own and may be about a
 * patient of its own, so that a test finds its own rows in a shared database.
 */
public final class ExampleCall {

	public static final String SERVICE = "ldn-order-select";

	public static final String PATH = "examples/order-select-ldn-with-oxycodone.json";

	/** The patient id in the example. */
	public static final String EXAMPLE_PATIENT = "example-patient";

	private final String json;

	private final String hookInstance;

	private ExampleCall(String json, String hookInstance) {
		this.json = json;
		this.hookInstance = hookInstance;
	}

	private static ExampleCall withFreshHookInstance(String json) {
		String hookInstance = UUID.randomUUID().toString();
		return new ExampleCall(CdsClient.with(json, "hookInstance", "\"" + hookInstance + "\""), hookInstance);
	}

	/** The example as published, with a fresh hookInstance. */
	public static ExampleCall example() {
		return withFreshHookInstance(CdsClient.projectFile(PATH));
	}

	/**
	 * The example without the oxycodone: no critical card, but information cards with
	 * suggestions (titration) and without (suitability). Beside a critical card
	 * information cards are left out, so feedback on them needs this call.
	 */
	public static ExampleCall withoutOpioid() {
		return example().with("prefetch.medications.entry", "[]");
	}

	/**
	 * The example about another patient: the context, the Patient resource and every
	 * reference name this id.
	 */
	public static ExampleCall forPatient(String patientId) {
		return withFreshHookInstance(CdsClient.projectFile(PATH).replace(EXAMPLE_PATIENT, patientId));
	}

	public String hookInstance() {
		return hookInstance;
	}

	public String json() {
		return json;
	}

	/** This call with the JSON value set at a dotted path. */
	public ExampleCall with(String path, String valueJson) {
		return new ExampleCall(CdsClient.with(json, path, valueJson), hookInstance);
	}

	/** This call without the field at a dotted path. */
	public ExampleCall without(String path) {
		return new ExampleCall(CdsClient.without(json, path), hookInstance);
	}

	/** Calls the service, whatever the answer. */
	public CdsClient.Answer call(CdsClient http) {
		return http.call(SERVICE, json);
	}

	/** Calls the service; the answer must be 200 with cards. */
	public Cards callOk(CdsClient http) {
		CdsClient.Answer answer = http.call(SERVICE, json);
		return new Cards(answer.cards(), answer.body());
	}

	/** The cards of an answer. */
	public record Cards(JsonNode cards, String body) {

		/** The one critical card: the opioid interaction. */
		public JsonNode critical() {
			List<JsonNode> critical = withIndicator("critical");
			assertThat(critical).as("critical cards of %s", body).hasSize(1);
			return critical.get(0);
		}

		/** The first information card that has a suggestion. */
		public JsonNode infoWithSuggestion() {
			return withIndicator("info").stream()
				.filter((card) -> card.path("suggestions").size() > 0)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no info card with a suggestion in " + body));
		}

		public List<JsonNode> withIndicator(String indicator) {
			List<JsonNode> found = new ArrayList<>();
			cards.forEach((card) -> {
				if (indicator.equals(card.path("indicator").asText())) {
					found.add(card);
				}
			});
			return found;
		}

		public List<String> uuids() {
			List<String> uuids = new ArrayList<>();
			cards.forEach((card) -> uuids.add(card.get("uuid").asText()));
			return uuids;
		}

		public int size() {
			return cards.size();
		}

	}

	/** The uuid of the card's first suggestion. */
	public static String suggestionOf(JsonNode card) {
		return card.at("/suggestions/0/uuid").asText();
	}

	/** The card's first override reason, as a JSON object. */
	public static ObjectNode reasonOf(JsonNode card, int index) {
		JsonNode reason = card.path("overrideReasons").get(index);
		assertThat(reason).as("override reason %s of %s", index, card).isNotNull();
		return ((ObjectNode) reason).deepCopy();
	}

}
