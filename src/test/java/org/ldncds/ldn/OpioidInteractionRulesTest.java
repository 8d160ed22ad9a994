package org.ldncds.ldn;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.Advice;
import org.ldncds.hooks.Indicator;
import org.ldncds.facts.SuggestedChange;
import org.ldncds.facts.MedicationFact;
import org.ldncds.facts.MedicationRole;
import org.ldncds.rules.RuleOutcome;

import static org.assertj.core.api.Assertions.assertThat;

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
			Advice advice = fired.output();
			assertThat(advice.indicator()).isEqualTo(Indicator.CRITICAL);
			assertThat(advice.summary()).contains("oxycodone 5 mg tablet").contains("withdrawal").hasSizeLessThan(140);
			assertThat(advice.detail()).contains("opioid-free interval");
			assertThat(advice.citations()).contains("naltrexone-label");
			assertThat(advice.suggestions()).containsExactly(
					new SuggestedChange.RemoveOrder("MedicationRequest/ldn", "Remove the naltrexone order"));
			assertThat(advice.overrideReasons()).isNotEmpty();
		});
	}

	@Test
	void aPendingOpioidDraftCountsLikeOneOnTheRecord() {
		RuleOutcome<Advice> outcome = evaluate(
				medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.UNDER_REVIEW),
				medication("bup", "buprenorphine 8 mg", Set.of(OPIOIDS), MedicationRole.OTHER_DRAFT));
		assertThat(outcome.outputs()).singleElement()
			.satisfies((fired) -> assertThat(fired.output().indicator()).isEqualTo(Indicator.CRITICAL));
	}

	@Test
	void opioidOrderedForAPatientOnNaltrexoneIsCritical() {
		RuleOutcome<Advice> outcome = evaluate(
				medication("ldn", "LDN 4.5 mg", Set.of(NALTREXONE), MedicationRole.ON_RECORD),
				medication("tram", "tramadol 50 mg", Set.of(OPIOIDS), MedicationRole.UNDER_REVIEW));
		assertThat(outcome.outputs()).singleElement().satisfies((fired) -> {
			assertThat(fired.rule()).isEqualTo("Opioid ordered for a patient on naltrexone is critical");
			assertThat(fired.output().summary()).contains("tramadol 50 mg").hasSizeLessThan(140);
			assertThat(fired.output().suggestions()).extracting(SuggestedChange::orderId)
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
			.satisfies((fired) -> assertThat(fired.output().summary()).contains("oxycodone").contains("morphine"));
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
		return new RuleOutcome<>(all.outputs()
			.stream()
			.filter((fired) -> fired.output().problem().startsWith("naltrexone-opioid"))
			.toList(), all.firedRules());
	}

	private static MedicationFact medication(String id, String name, Set<String> valueSets, MedicationRole role) {
		return new MedicationFact("MedicationRequest/" + id, name, valueSets, null, null, null, null, role);
	}

}
