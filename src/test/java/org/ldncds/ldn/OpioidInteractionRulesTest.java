package org.ldncds.ldn;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.Advice;
import org.ldncds.facts.MedicationExposure;
import org.ldncds.facts.MedicationExposure.EndBasis;
import org.ldncds.facts.MedicationFact;
import org.ldncds.facts.MedicationRole;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.Suggestion;
import org.ldncds.rules.RuleOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.onlyAction;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.OPIOIDS;
import static org.ldncds.ldn.RuleFacts.medication;

/**
 * The rules of rules/ldn/opioid-interaction.drl, from facts to the cards a call gets,
 * without Spring or FHIR.
 */
class OpioidInteractionRulesTest {

	private static final String NALTREXONE_ORDERED = "Naltrexone ordered for a patient taking an opioid is critical";

	private static final String OPIOID_ORDERED = "Opioid ordered for a patient on naltrexone is critical";

	private static final String NALTREXONE_WITH_ANTIDIARRHEAL = "Naltrexone ordered for a patient taking an opioid antidiarrheal is a warning";

	private static final String ANTIDIARRHEAL_ORDERED = "Opioid antidiarrheal ordered for a patient on naltrexone is a warning";

	private static final String OPIOID_HISTORY = "Naltrexone ordered for a patient with documented opioid use disorder or long-term opioid use is a warning";

	private static final String ANTIDIARRHEALS = "opioid-antidiarrheals";

	private static final String LABEL = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=adb7c4dc-221a-4d91-9687-0d78913a92ad";

	@Test
	void naltrexoneOrderedForAPatientOnAnOpioidIsCritical() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
			.onRecord(medication("oxy", "oxycodone 5 mg tablet", OPIOIDS)));

		Card card = run.only(NALTREXONE_ORDERED);
		assertThat(card.indicator()).isEqualTo(Indicator.CRITICAL);
		assertThat(card.summary()).contains("oxycodone 5 mg tablet").contains("withdrawal").hasSizeLessThan(140);
		assertThat(card.detail()).contains("opioid-free interval").contains("**Sources**");
		assertThat(card.source().url()).isEqualTo(LABEL);
		Action action = onlyAction(card);
		assertThat(action.type()).isEqualTo("delete");
		assertThat(action.resourceId()).isEqualTo("MedicationRequest/ldn");
		assertThat(card.suggestions().get(0).label()).isEqualTo("Remove the naltrexone order");
		assertThat(reasonCodes(card)).containsExactly("opioid-stopped", "opioid-record-outdated",
				"supervised-transition", "benefit-outweighs-risk");
		assertThat(run.all()).as("information cards (titration) are left out beside a critical one")
			.containsExactly(card);
	}

	@Test
	void aPendingOpioidDraftCountsLikeOneOnTheRecord() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
			.otherDraft(medication("bup", "buprenorphine 8 mg", OPIOIDS)));
		assertThat(run.only(NALTREXONE_ORDERED).indicator()).isEqualTo(Indicator.CRITICAL);
	}

	@Test
	void opioidOrderedForAPatientOnNaltrexoneIsCriticalAndRemovesTheOpioid() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
			.ordered(medication("tram", "tramadol 50 mg", OPIOIDS)));

		Card card = run.only(OPIOID_ORDERED);
		assertThat(card.indicator()).isEqualTo(Indicator.CRITICAL);
		assertThat(card.summary()).contains("tramadol 50 mg").contains("naltrexone").hasSizeLessThan(140);
		assertThat(card.detail()).contains("LDN 4.5 mg");
		assertThat(onlyAction(card).resourceId()).isEqualTo("MedicationRequest/tram");
		assertThat(card.suggestions().get(0).label()).isEqualTo("Remove the tramadol 50 mg order");
		assertThat(reasonCodes(card)).containsExactly("naltrexone-stopped", "naltrexone-record-outdated",
				"supervised-transition", "benefit-outweighs-risk");
	}

	@Test
	void eachOpioidOrderedTogetherGetsItsOwnRemoval() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
				.ordered(medication("tram", "tramadol 50 mg", OPIOIDS))
				.ordered(medication("cod", "codeine 30 mg", OPIOIDS)))
			.only(OPIOID_ORDERED);
		assertThat(card.suggestions()).extracting(Suggestion::label)
			.containsExactlyInAnyOrder("Remove the tramadol 50 mg order", "Remove the codeine 30 mg order");
		assertThat(card.selectionBehavior()).isEqualTo("at-most-one");
	}

	@Test
	void signingNaltrexoneAndAnOpioidTogetherGivesOneCardNotTwo() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
			.ordered(medication("oxy", "oxycodone", OPIOIDS))
			.onRecord(medication("mor", "morphine", OPIOIDS)));
		assertThat(run.all()).hasSize(1);
		assertThat(run.only(NALTREXONE_ORDERED).summary()).contains("oxycodone").contains("morphine");
		assertThat(run.fired(OPIOID_ORDERED)).isFalse();
	}

	@Test
	void aMorphineNaltrexoneProductCountsAsAnOpioidNotAsNaltrexone() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
			.ordered(medication("embeda", "morphine / naltrexone ER capsule", NALTREXONE, OPIOIDS)));
		assertThat(run.only(OPIOID_ORDERED).indicator()).isEqualTo(Indicator.CRITICAL);
		assertThat(run.by(NALTREXONE_ORDERED)).isEmpty();
	}

	@Test
	void naltrexoneWithoutAnyOpioidIsQuiet() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 1.5 mg", NALTREXONE).dailyDose(1.5))
			.onRecord(medication("ibu", "ibuprofen 400 mg")));
		assertThat(run.by(NALTREXONE_ORDERED)).isEmpty();
		assertThat(run.by(OPIOID_HISTORY)).isEmpty();
		assertThat(run.by(NALTREXONE_WITH_ANTIDIARRHEAL)).isEmpty();
	}

	@Test
	void anOpioidAloneIsQuiet() {
		assertThat(RuleCards.of(RuleFacts.orderSelect().ordered(medication("oxy", "oxycodone", OPIOIDS))).all())
			.isEmpty();
	}

	@Test
	void ordersNotUnderReviewDoNotTriggerTheCard() {
		// order-select of something else: the LDN and the opioid are in the session or on
		// the record, but neither is the order being decided on.
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.otherDraft(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
				.onRecord(medication("oxy", "oxycodone", OPIOIDS))
				.ordered(medication("ibu", "ibuprofen")))
			.all()).isEmpty();
	}

	@Test
	void naltrexoneOrderedForAPatientOnAnOpioidAntidiarrhealIsAWarning() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 1.5 mg", NALTREXONE).dailyDose(1.5))
			.onRecord(medication("lop", "loperamide 2 mg capsule", ANTIDIARRHEALS)));

		Card card = run.only(NALTREXONE_WITH_ANTIDIARRHEAL);
		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).contains("loperamide 2 mg capsule").contains("may stop working");
		assertThat(card.detail()).contains("non-opioid alternative");
		assertThat(card.suggestions()).isEmpty();
		assertThat(reasonCodes(card)).containsExactly("benefit-outweighs-risk");
	}

	@Test
	void anAntidiarrhealBesideAnOpioidLeavesTheWarningToTheCriticalCard() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 1.5 mg", NALTREXONE).dailyDose(1.5))
			.onRecord(medication("lop", "loperamide 2 mg capsule", ANTIDIARRHEALS))
			.onRecord(medication("oxy", "oxycodone", OPIOIDS)));
		assertThat(run.by(NALTREXONE_WITH_ANTIDIARRHEAL)).isEmpty();
		assertThat(run.only(NALTREXONE_ORDERED).indicator()).isEqualTo(Indicator.CRITICAL);
	}

	@Test
	void anOpioidAntidiarrhealOrderedForAPatientOnNaltrexoneIsAWarning() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
				.ordered(medication("lop", "loperamide 2 mg capsule", ANTIDIARRHEALS)))
			.only(ANTIDIARRHEAL_ORDERED);
		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).isEqualTo("loperamide 2 mg capsule for a patient on naltrexone: may not work");
		assertThat(card.detail()).contains("LDN 4.5 mg");
		assertThat(reasonCodes(card)).containsExactly("benefit-outweighs-risk");
	}

	@Test
	void anOpioidAntidiarrhealOrderedForAPatientWhoReportsTakingNaltrexoneIsAWarningNamingTheRecord() {
		MedicationExposure statement = new MedicationExposure("MedicationStatement/ldn", "LDN 4.5 mg capsules",
				Set.of("naltrexone-products"), "MedicationStatement", "active", null, null, EndBasis.NOT_ENDED);
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("lop", "loperamide 2 mg capsule", ANTIDIARRHEALS))
				.exposure(statement))
			.only(ANTIDIARRHEAL_ORDERED);

		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).isEqualTo("loperamide 2 mg capsule for a patient on naltrexone: may not work");
		assertThat(card.detail())
			.startsWith("This patient takes **naltrexone**, which blocks opioid receptors. Opioid antidiarrheals "
					+ "such as loperamide 2 mg capsule act on these receptors")
			.contains("The record shows naltrexone:\n\n- **LDN 4.5 mg capsules**: medication statement, active; "
					+ "taken now (MedicationStatement/ldn).");
	}

	@Test
	void anOpioidAntidiarrhealSeesANaltrexoneDispenseUntilThreeDaysAfterItsSupplyEnds() {
		MedicationFact loperamide = new MedicationFact("MedicationRequest/lop", "loperamide 2 mg",
				Set.of(ANTIDIARRHEALS), null, null, null, null, MedicationRole.UNDER_REVIEW);
		assertThat(advice(loperamide, dispense(-10))).extracting(Advice::key)
			.containsExactly("naltrexone-opioid-antidiarrheal-antidiarrheal-ordered");
		List<Advice> threeDaysAfter = advice(loperamide, dispense(3));
		assertThat(threeDaysAfter).extracting(Advice::key)
			.containsExactly("naltrexone-opioid-antidiarrheal-antidiarrheal-ordered");
		assertThat(threeDaysAfter.get(0).values().get("naltrexoneRecords")).isEqualTo(List.of(dispense(3)));
		assertThat(advice(loperamide, dispense(4))).isEmpty();
		// With an opioid ordered too, the critical card speaks instead.
		assertThat(advice(loperamide, TRAMADOL_ORDERED, dispense(0))).extracting(Advice::key)
			.containsExactly("naltrexone-opioid-interaction-opioid-ordered");
	}

	@Test
	void aNaltrexoneOrderOnTheRecordAndADispenseAreBothNamedByTheAntidiarrhealWarning() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5))
				.ordered(medication("lop", "loperamide 2 mg capsule", ANTIDIARRHEALS))
				.exposure(dispense(-5)))
			.only(ANTIDIARRHEAL_ORDERED);
		assertThat(card.detail()).startsWith("This patient takes **naltrexone** (LDN 4.5 mg), which blocks")
			.contains("- **Naltrexone 4.5 mg capsule**: dispense, completed; supply until 2026-11-26 "
					+ "(MedicationDispense/ldn).");
	}

	@Test
	void anAntidiarrhealOrderedWithoutNaltrexoneIsQuiet() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("lop", "loperamide 2 mg capsule", ANTIDIARRHEALS))
				.onRecord(medication("ibu", "ibuprofen")))
			.all()).isEmpty();
	}

	@Test
	void documentedOpioidUseWithoutAnOpioidOnTheListIsAWarning() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 1.5 mg", NALTREXONE).dailyDose(1.5))
			.condition("oud", "Opioid dependence, uncomplicated", "opioid-use-disorder")
			.condition("ltot", "Long term (current) use of opiate analgesic", "long-term-opioid-therapy"));

		Card card = run.only(OPIOID_HISTORY);
		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).as("one card, naming the first condition by name")
			.isEqualTo("Naltrexone for a patient with Long term (current) use of opiate analgesic: "
					+ "confirm opioid-free before starting");
		assertThat(card.detail()).contains("opioid-free interval").doesNotContain("Recognised by its name");
		assertThat(reasonCodes(card)).containsExactly("opioid-stopped", "supervised-transition");
	}

	@Test
	void opioidUseDisorderNamedOnlyInWordsSaysSo() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN 1.5 mg", NALTREXONE).dailyDose(1.5))
				.conditionNamed("oud", "opioid addiction", "opioid-use-disorder"))
			.only(OPIOID_HISTORY);
		assertThat(card.detail()).contains("*Recognised by its name:*");
	}

	@Test
	void documentedOpioidUseIsLeftToTheCriticalCardWhenAnOpioidIsListedAndIsQuietWithoutNaltrexone() {
		RuleCards withOpioid = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN 1.5 mg", NALTREXONE).dailyDose(1.5))
			.onRecord(medication("oxy", "oxycodone", OPIOIDS))
			.condition("oud", "Opioid dependence", "opioid-use-disorder"));
		assertThat(withOpioid.by(OPIOID_HISTORY)).isEmpty();
		assertThat(withOpioid.by(NALTREXONE_ORDERED)).hasSize(1);
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ibu", "ibuprofen"))
				.condition("oud", "Opioid dependence", "opioid-use-disorder"))
			.all()).isEmpty();
	}

	@Test
	void naltrexoneThePatientReportsTakingMeetsAnOrderedOpioid() {
		MedicationExposure statement = new MedicationExposure("MedicationStatement/ldn", "LDN 4.5 mg capsules",
				Set.of("naltrexone-products"), "MedicationStatement", "active", null, null, EndBasis.NOT_ENDED);
		List<Advice> advice = advice(TRAMADOL_ORDERED, statement);
		assertThat(advice).extracting(Advice::key).containsExactly("naltrexone-opioid-interaction-opioid-ordered");
		assertThat(advice.get(0).values().get("naltrexoneRecords")).isEqualTo(List.of(statement));
		assertThat(advice.get(0).values().get("naltrexone")).isEqualTo(List.of());
	}

	@Test
	void aNaltrexoneDispenseCountsWhileItsSupplyRunsAndThreeDaysAfter() {
		assertThat(advice(TRAMADOL_ORDERED, dispense(-10))).extracting(Advice::key)
			.containsExactly("naltrexone-opioid-interaction-opioid-ordered");
		assertThat(advice(TRAMADOL_ORDERED, dispense(3))).extracting(Advice::key)
			.containsExactly("naltrexone-opioid-interaction-opioid-ordered");
		assertThat(advice(TRAMADOL_ORDERED, dispense(4))).isEmpty();
	}

	@Test
	void aReportedMorphineNaltrexoneProductIsAnOpioidNotNaltrexone() {
		MedicationExposure statement = new MedicationExposure("MedicationStatement/embeda", "morphine/naltrexone",
				Set.of("naltrexone-products", "opioids"), "MedicationStatement", "active", null, null,
				EndBasis.NOT_ENDED);
		assertThat(advice(TRAMADOL_ORDERED, statement)).isEmpty();
	}

	private static final MedicationFact TRAMADOL_ORDERED = new MedicationFact("MedicationRequest/tram",
			"tramadol 50 mg", Set.of("opioids"), null, null, null, null, MedicationRole.UNDER_REVIEW);

	private static MedicationExposure dispense(int daysSinceSupplyEnds) {
		return new MedicationExposure("MedicationDispense/ldn", "Naltrexone 4.5 mg capsule",
				Set.of("naltrexone-products"), "MedicationDispense", "completed",
				LocalDate.of(2026, 11, 21).minusDays(daysSinceSupplyEnds), daysSinceSupplyEnds, EndBasis.SUPPLY);
	}

	/** The advice about naltrexone and opioids the rules give on the facts alone. */
	private static List<Advice> advice(Object... facts) {
		return KnowledgeFixtures.rules()
			.evaluate(List.of(facts), Advice.class)
			.outputs()
			.stream()
			.map(RuleOutcome.Fired::output)
			.filter((advice) -> advice.key().startsWith("naltrexone-"))
			.toList();
	}

}
