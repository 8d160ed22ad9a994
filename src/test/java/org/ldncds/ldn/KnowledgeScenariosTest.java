package org.ldncds.ldn;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.Advice;
import org.ldncds.facts.ClinicalFacts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every scenario file under {@code src/test/resources/scenarios/} through the LDN
 * services, without Spring ({@link KnowledgeHarness}): each request must get exactly its
 * expected cards, compared whole ({@link CardForm}). Scenarios run on a fixed day,
 * {@link KnowledgeFixtures#TODAY}.
 *
 * <p>
 * Two checks span all scenarios: a scenario whose request holds no opioid (no opioid
 * order, no record of recent opioid use, no urine opiate screen) never gets a critical
 * card, and every rule of the rule base fires in at least one scenario.
 *
 * <p>
 * With {@code -Dscenarios.update=true} the expectations are rewritten from what the
 * service answers now, instead of checked (see the README of the scenarios folder):
 * review every changed card before committing it.
 */
class KnowledgeScenariosTest {

	private static final boolean UPDATE = Boolean.getBoolean("scenarios.update");

	private static final List<String> rewritten = new ArrayList<>();

	private final KnowledgeHarness harness = KnowledgeHarness.get();

	@TestFactory
	Stream<DynamicTest> everyScenarioGetsExactlyItsExpectedCards() {
		return Scenario.all()
			.stream()
			.map((scenario) -> DynamicTest.dynamicTest(scenario.name(), () -> check(scenario)));
	}

	/**
	 * Whether a medication is an opioid is decided from the request, by the project's own
	 * terminology, not from what the scenario expects.
	 */
	@TestFactory
	Stream<DynamicTest> noScenarioWithoutAnOpioidGetsACriticalCard() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Scenario scenario : Scenario.all()) {
			if (!hasAnOpioid(factsOf(scenario))) {
				tests.add(DynamicTest.dynamicTest(scenario.name(), () -> {
					List<String> critical = new ArrayList<>();
					cardsOf(scenario).forEach((card) -> {
						if ("critical".equals(card.path("indicator").asText())) {
							critical.add(card.path("summary").asText());
						}
					});
					assertThat(critical).as("%s: no opioid in the request, yet critical cards", scenario.name())
						.isEmpty();
				}));
			}
		}
		assertThat(tests).as("scenarios without an opioid").isNotEmpty();
		return tests.stream();
	}

	/**
	 * Every rule of the rule base, the rules deriving Naltrexone and LowDoseNaltrexone
	 * included, fires in at least one scenario.
	 */
	@Test
	void everyRuleFiresInAtLeastOneScenario() {
		Set<String> fired = new TreeSet<>();
		for (Scenario scenario : Scenario.all()) {
			fired.addAll(harness.rules().evaluate(factsOf(scenario).all(), Advice.class).firedRules());
		}
		Set<String> unshown = new TreeSet<>(harness.rules().ruleNames());
		unshown.removeAll(fired);
		assertThat(unshown).as("rules that no scenario fires").isEmpty();
	}

	@AfterAll
	static void reportRewrites() {
		if (UPDATE) {
			System.out.println("scenarios.update: rewrote the expected cards of " + rewritten.size()
					+ " scenario(s); review them before committing: " + rewritten);
		}
	}

	/**
	 * An opioid ordered, on the record, taken recently by another record (an ended order,
	 * a statement, a dispense), or found by a urine opiate screen.
	 */
	private static boolean hasAnOpioid(ClinicalFacts facts) {
		return facts.medications().stream().anyMatch((medication) -> medication.inValueSet("opioids"))
				|| facts.exposures().stream().anyMatch((exposure) -> exposure.inValueSet("opioids"))
				|| facts.observations()
					.stream()
					.anyMatch((observation) -> observation.inValueSet("lab-opiate-urine-screen"));
	}

	private ClinicalFacts factsOf(Scenario scenario) {
		return harness.factsOf(scenario.service(), scenario.request());
	}

	private JsonNode cardsOf(Scenario scenario) {
		JsonNode response = harness.answer(scenario.service(), scenario.request());
		assertThat(response.path("cards").isArray()).as("%s: response has a cards array", scenario.name()).isTrue();
		return response.path("cards");
	}

	private void check(Scenario scenario) {
		JsonNode cards = cardsOf(scenario);
		assertEveryCardIsWellFormed(scenario, cards);
		ArrayNode actual = CardForm.ofAll(cards, harness.knowledge().version());
		if (UPDATE) {
			if (scenario.rewriteExpectedCards(actual)) {
				rewritten.add(scenario.name());
			}
			return;
		}
		assertThat(summaries(actual)).as("%s: the cards (indicator: summary)", scenario.name())
			.isEqualTo(summaries(scenario.expectedCards()));
		for (int i = 0; i < actual.size(); i++) {
			assertThat(ScenarioJson.pretty(actual.get(i)))
				.as("%s: the whole card '%s'", scenario.name(), actual.get(i).path("summary").asText())
				.isEqualTo(ScenarioJson.pretty(scenario.expectedCards().get(i)));
		}
	}

	/**
	 * What every card must be, whatever the scenario: most urgent first, a summary under
	 * 140 characters that the rule wrote whole, uuids on the card and its suggestions,
	 * and override reasons from the knowledge base.
	 */
	private void assertEveryCardIsWellFormed(Scenario scenario, JsonNode cards) {
		List<Integer> urgencies = new ArrayList<>();
		cards.forEach((card) -> urgencies.add(CardForm.urgency(card.path("indicator").asText())));
		assertThat(urgencies).as("%s: cards most urgent first", scenario.name()).isSorted();
		for (JsonNode card : cards) {
			String summary = card.path("summary").asText();
			assertThat(summary).as("%s: summary length", scenario.name())
				.hasSizeLessThan(140)
				.as("%s: summary fits as the rule wrote it, not cut by the card factory", scenario.name())
				.doesNotEndWith("…");
			assertThat(card.path("uuid").asText()).as("%s: uuid of '%s'", scenario.name(), summary).isNotBlank();
			card.path("suggestions")
				.forEach((suggestion) -> assertThat(suggestion.path("uuid").asText())
					.as("%s: suggestion uuid of '%s'", scenario.name(), summary)
					.isNotBlank());
			card.path("overrideReasons").forEach((reason) -> {
				String code = reason.path("code").asText();
				assertThat(harness.knowledge().overrideReason(code))
					.as("%s: override reason '%s' of '%s' is in the knowledge base", scenario.name(), code, summary)
					.hasValueSatisfying(
							(known) -> assertThat(reason.path("system").asText()).isEqualTo(known.getSystem()));
			});
		}
	}

	private static List<String> summaries(JsonNode cards) {
		List<String> summaries = new ArrayList<>();
		cards.forEach((card) -> summaries.add(card.path("indicator").asText() + ": " + card.path("summary").asText()));
		return summaries;
	}

}
