package org.ldncds.ldn;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Coding;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.Suggestion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the rules made of some facts, as the cards a call would get, by the rule behind
 * each card. Rule tests assert on these cards, as the EHR would see them, so that they do
 * not depend on how a rule words its conclusion.
 *
 * @param advised the advice and the cards
 */
record RuleCards(LdnPipeline.Advised advised) {

	/** Runs the rules on the facts through the {@link KnowledgeHarness}. */
	static RuleCards of(RuleFacts facts) {
		return new RuleCards(KnowledgeHarness.get().advise(facts));
	}

	/** Every card, most urgent first. */
	List<Card> all() {
		return advised.cards().stream().map(IssuedCard::card).toList();
	}

	/** The cards the rule made. */
	List<Card> by(String rule) {
		return advised.cards().stream().filter((issued) -> issued.rule().equals(rule)).map(IssuedCard::card).toList();
	}

	/** The one card the rule made. */
	Card only(String rule) {
		List<Card> cards = by(rule);
		assertThat(cards).as("cards by '%s' among %s", rule, summaries()).hasSize(1);
		return cards.get(0);
	}

	/** Whether the rule fired, whether or not its advice became a card. */
	boolean fired(String rule) {
		return advised.outcome().firedRules().contains(rule);
	}

	List<String> summaries() {
		return all().stream().map((card) -> card.indicator().code() + ": " + card.summary()).toList();
	}

	/** The codes of the card's override reasons. */
	static List<String> reasonCodes(Card card) {
		return card.overrideReasons().stream().map(Coding::code).toList();
	}

	/** The one action of the card's one suggestion. */
	static Action onlyAction(Card card) {
		assertThat(card.suggestions()).as("suggestions of '%s'", card.summary()).hasSize(1);
		Suggestion suggestion = card.suggestions().get(0);
		assertThat(suggestion.actions()).as("actions of '%s'", suggestion.label()).hasSize(1);
		return suggestion.actions().get(0);
	}

	/** The FHIR resource an update or create action carries, as JSON. */
	static JsonNode resourceOf(Action action) {
		assertThat(action.resource()).as("resource of '%s'", action.description()).isNotNull();
		return ScenarioJson.read(action.resource());
	}

	/** The dose in mg of the first dosage instruction of an updated order. */
	static double doseMgOf(Action action) {
		JsonNode dose = resourceOf(action).at("/dosageInstruction/0/doseAndRate/0/doseQuantity");
		assertThat(dose.path("code").asText()).as("dose unit of %s", dose).isEqualTo("mg");
		return dose.path("value").asDouble();
	}

}
