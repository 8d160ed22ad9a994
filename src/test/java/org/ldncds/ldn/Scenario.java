package org.ldncds.ldn;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One knowledge scenario: a CDS Hooks request and the cards it must produce. Scenarios
 * are JSON files under {@code src/test/resources/scenarios/}; a pharmacist adds one by
 * dropping a file there.
 *
 * <pre>
 * {
 *   "description": "what the scenario shows",
 *   "service": "ldn-order-select",
 *   "request": { ...a CDS Hooks request with prefetch... },
 *   "expectedCards": [ { "indicator": "critical", "summary": "(?i)naltrexone.*oxycodone" } ],
 *   "otherCardsAllowed": false
 * }
 * </pre>
 *
 * Each expected card must match a distinct returned card (same indicator, summary
 * matching the regular expression anywhere, and the detail too when the card gives a
 * {@code "detail"} pattern). Unless {@code otherCardsAllowed} is true, no other card may
 * be returned: quiet scenarios list no cards at all.
 *
 * @param name the file's path below the scenarios folder
 * @param description what the scenario shows
 * @param service the service id to call
 * @param request the request body
 * @param expectedCards the cards that must be returned
 * @param otherCardsAllowed whether cards beyond the expected ones may be returned
 */
record Scenario(String name, String description, String service, JsonNode request, List<ExpectedCard> expectedCards,
		boolean otherCardsAllowed) {

	/**
	 * A card the scenario expects, by indicator and summary pattern, and optionally a
	 * detail pattern ({@code null} when the detail is not checked).
	 */
	record ExpectedCard(String indicator, Pattern summary, Pattern detail) {

		boolean matches(JsonNode card) {
			return indicator.equals(card.path("indicator").asText())
					&& summary.matcher(card.path("summary").asText()).find()
					&& (detail == null || detail.matcher(card.path("detail").asText()).find());
		}

		@Override
		public String toString() {
			return indicator + " /" + summary.pattern() + "/" + ((detail == null) ? "" : " detail /" + detail + "/");
		}

	}

	static Scenario from(String name, JsonNode json) {
		List<ExpectedCard> expected = new java.util.ArrayList<>();
		json.path("expectedCards")
			.forEach((card) -> expected
				.add(new ExpectedCard(card.path("indicator").asText(), Pattern.compile(card.path("summary").asText()),
						card.hasNonNull("detail") ? Pattern.compile(card.path("detail").asText()) : null)));
		if (!json.path("request").isObject() || !json.path("service").isTextual()) {
			throw new IllegalArgumentException("Scenario " + name + " needs a \"service\" and a \"request\" object");
		}
		return new Scenario(name, json.path("description").asText(name), json.path("service").asText(),
				json.path("request"), List.copyOf(expected), json.path("otherCardsAllowed").asBoolean(false));
	}

}
