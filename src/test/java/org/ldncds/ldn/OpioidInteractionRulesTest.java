package org.ldncds.ldn;

import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.Advice;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.Suggestion;
import org.ldncds.facts.MedicationFact;
import org.ldncds.facts.MedicationRole;
import org.ldncds.rules.RuleOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The rules of rules/ldn/opioid-interaction.drl, on facts, without Spring or FHIR. */
class OpioidInteractionRulesTest {

	private static final String NALTREXONE = "naltrexone-products";

	private static final String OPIOIDS = "opioids";

	@Test
	void naltrexoneOrderedForAPatientOnAnOpioidIsCritical() {
		RuleOutcome<Advice> outcome = evaluate(
				medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.UNDER_REVIEW),
				medication("oxy", "oxycodone 5 mg tablet", Set.of(OPIOIDS), MedicationRole.ON_RECORD));
		assertThat(outcome.outputs()).singleElement().satisfies((fired) -> {
			assertThat(fired.rule()).isEqualTo("Naltrexone ordered for a patient taking an opioid is critical");
			Card card = cardOf(fired);
			assertThat(card.indicator()).isEqualTo(Indicator.CRITICAL);
			assertThat(card.summary()).contains("oxycodone 5 mg tablet").contains("withdrawal").hasSizeLessThan(140);
			assertThat(card.detail()).contains("opioid-free interval");
			assertThat(card.source().label())
				.startsWith(KnowledgeFixtures.knowledge().citation("naltrexone-label").orElseThrow().title());
			assertThat(card.suggestions()).singleElement().satisfies((suggestion) -> {
				assertThat(suggestion.label()).isEqualTo("Remove the naltrexone order");
				assertThat(suggestion.actions()).extracting(Action::type, Action::resourceId)
					.containsExactly(tuple("delete", "MedicationRequest/ldn"));
			});
			assertThat(card.overrideReasons()).isNotEmpty();
		});
	}

	@Test
	void aPendingOpioidDraftCountsLikeOneOnTheRecord() {
		RuleOutcome<Advice> outcome = evaluate(
				medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.UNDER_REVIEW),
				medication("bup", "buprenorphine 8 mg", Set.of(OPIOIDS), MedicationRole.OTHER_DRAFT));
		assertThat(outcome.outputs()).singleElement()
			.satisfies((fired) -> assertThat(cardOf(fired).indicator()).isEqualTo(Indicator.CRITICAL));
	}

	@Test
	void opioidOrderedForAPatientOnNaltrexoneIsCritical() {
		RuleOutcome<Advice> outcome = evaluate(
				medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.ON_RECORD),
				medication("tram", "tramadol 50 mg", Set.of(OPIOIDS), MedicationRole.UNDER_REVIEW));
		assertThat(outcome.outputs()).singleElement().satisfies((fired) -> {
			assertThat(fired.rule()).isEqualTo("Opioid ordered for a patient on naltrexone is critical");
			Card card = cardOf(fired);
			assertThat(card.summary()).contains("tramadol 50 mg").hasSizeLessThan(140);
			assertThat(card.suggestions()).flatExtracting(Suggestion::actions)
				.extracting(Action::resourceId)
				.containsExactly("MedicationRequest/tram");
		});
	}

	@Test
	void signingNaltrexoneAndAnOpioidTogetherGivesOneCardNotTwo() {
		RuleOutcome<Advice> outcome = evaluate(
				medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.UNDER_REVIEW),
				medication("oxy", "oxycodone", Set.of(OPIOIDS), MedicationRole.UNDER_REVIEW),
				medication("mor", "morphine", Set.of(OPIOIDS), MedicationRole.ON_RECORD));
		assertThat(outcome.outputs()).singleElement()
			.satisfies((fired) -> assertThat(cardOf(fired).summary()).contains("oxycodone").contains("morphine"));
	}

	@Test
	void aMorphineNaltrexoneProductCountsAsAnOpioidNotAsNaltrexone() {
		RuleOutcome<Advice> outcome = evaluate(
				medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.ON_RECORD), medication("embeda",
						"morphine / naltrexone ER capsule", Set.of(NALTREXONE, OPIOIDS), MedicationRole.UNDER_REVIEW));
		assertThat(outcome.outputs()).singleElement()
			.satisfies((fired) -> assertThat(fired.rule())
				.isEqualTo("Opioid ordered for a patient on naltrexone is critical"));
	}

	@Test
	void naltrexoneWithoutAnyOpioidIsQuiet() {
		assertThat(evaluate(medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.UNDER_REVIEW),
				medication("ibu", "ibuprofen 400 mg", Set.of(), MedicationRole.ON_RECORD))
			.outputs()).isEmpty();
	}

	@Test
	void anOpioidAloneIsQuiet() {
		assertThat(evaluate(medication("oxy", "oxycodone", Set.of(OPIOIDS), MedicationRole.UNDER_REVIEW)).outputs())
			.isEmpty();
	}

	@Test
	void ordersNotUnderReviewDoNotTriggerTheCard() {
		// order-select for something else: the LDN and the opioid are both in the session
		// or
		// on the record, but neither is the order being decided on.
		assertThat(evaluate(medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.OTHER_DRAFT),
				medication("oxy", "oxycodone", Set.of(OPIOIDS), MedicationRole.ON_RECORD),
				medication("ibu", "ibuprofen", Set.of(), MedicationRole.UNDER_REVIEW))
			.outputs()).isEmpty();
	}

	/**
	 * The advice of the opioid rules only: the other rule files are tested on their own.
	 */
	private static RuleOutcome<Advice> evaluate(MedicationFact... medications) {
		RuleOutcome<Advice> all = KnowledgeFixtures.rules().evaluate(List.of(medications), Advice.class);
		return new RuleOutcome<>(
				all.outputs().stream().filter((fired) -> fired.output().key().startsWith("naltrexone-opioid")).toList(),
				all.firedRules());
	}

	/**
	 * The card the advice makes, with every medication of the test a draft of the call so
	 * that suggestions can act on it.
	 */
	private static Card cardOf(RuleOutcome.Fired<Advice> fired) {
		Bundle drafts = new Bundle();
		for (String id : List.of("ldn", "oxy", "bup", "tram", "mor", "embeda", "ibu")) {
			drafts.addEntry().setResource(new MedicationRequest().setId("MedicationRequest/" + id));
		}
		return KnowledgeFixtures.cardFactory().cardsFor(List.of(fired), drafts).get(0).card();
	}

	private static MedicationFact medication(String id, String name, Set<String> valueSets, MedicationRole role) {
		return new MedicationFact("MedicationRequest/" + id, name, valueSets, null, null, null, null, role);
	}

}
