package org.ldncds.ldn;

import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ldncds.facts.MedicationExposure;
import org.ldncds.facts.MedicationExposure.EndBasis;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.OPIOIDS;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rules of rules/ldn/patient-view.drl: the chart of a patient on naltrexone. */
class PatientViewRulesTest {

	private static final String BOTH_ACTIVE = "A patient on naltrexone with a current opioid is critical";

	private static final String REVIEW = "LDN taken for 8 weeks or more is due a review of its benefit";

	@Test
	void naltrexoneAndAnOpioidBothOnTheChartIsCritical() {
		RuleCards run = RuleCards.of(RuleFacts.chart()
			.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5).weeksSinceStart(10))
			.onRecord(medication("oxy", "oxycodone 5 mg tablet", OPIOIDS)));

		Card card = run.only(BOTH_ACTIVE);
		assertThat(card.indicator()).isEqualTo(Indicator.CRITICAL);
		assertThat(card.summary()).isEqualTo("Naltrexone and an opioid (oxycodone 5 mg tablet) are both active: "
				+ "blocked analgesia, withdrawal risk");
		assertThat(card.detail()).contains("LDN 4.5 mg").contains("reconcile");
		assertThat(card.suggestions()).as("no order is being decided: nothing to remove").isEmpty();
		assertThat(reasonCodes(card)).containsExactly("opioid-record-outdated", "naltrexone-record-outdated",
				"supervised-transition");
		assertThat(run.all()).as("the review reminder is left out beside the critical card").containsExactly(card);
	}

	@Test
	void anOpioidOnTheChartOfAPatientWhoseStatementOrRecentDispenseShowsNaltrexoneIsCritical() {
		MedicationExposure statement = new MedicationExposure("MedicationStatement/ldn", "LDN 4.5 mg capsules",
				Set.of(NALTREXONE), "MedicationStatement", "active", null, null, EndBasis.NOT_ENDED);
		RuleCards run = RuleCards.of(RuleFacts.chart()
			.onRecord(medication("oxy", "oxycodone 5 mg tablet", OPIOIDS))
			.exposure(statement)
			.exposure(dispense(2)));

		Card card = run.only(BOTH_ACTIVE);
		assertThat(card.indicator()).isEqualTo(Indicator.CRITICAL);
		assertThat(card.detail())
			.startsWith("The record shows **naltrexone** and an **opioid** (oxycodone 5 mg tablet) as current.")
			.contains("- **LDN 4.5 mg capsules**: medication statement, active; taken now (MedicationStatement/ldn).\n"
					+ "- **Naltrexone 4.5 mg capsule**: dispense, completed; supply ran out 2026-11-19 "
					+ "(MedicationDispense/ldn).");
		assertThat(card.suggestions()).isEmpty();
	}

	@Test
	void aNaltrexoneDispenseWhoseSupplyEndedMoreThanThreeDaysAgoOrAReportedMorphineNaltrexoneIsQuiet() {
		assertThat(
				RuleCards.of(RuleFacts.chart().onRecord(medication("oxy", "oxycodone", OPIOIDS)).exposure(dispense(4)))
					.all())
			.isEmpty();
		MedicationExposure embeda = new MedicationExposure("MedicationStatement/embeda", "morphine/naltrexone",
				Set.of(NALTREXONE, OPIOIDS), "MedicationStatement", "active", null, null, EndBasis.NOT_ENDED);
		assertThat(RuleCards.of(RuleFacts.chart().onRecord(medication("oxy", "oxycodone", OPIOIDS)).exposure(embeda))
			.all()).isEmpty();
		// A statement of naltrexone without an opioid on the chart is quiet.
		assertThat(RuleCards.of(RuleFacts.chart().exposure(dispense(0))).all()).isEmpty();
	}

	private static MedicationExposure dispense(int daysSinceSupplyEnds) {
		return new MedicationExposure("MedicationDispense/ldn", "Naltrexone 4.5 mg capsule", Set.of(NALTREXONE),
				"MedicationDispense", "completed", LocalDate.of(2026, 11, 21).minusDays(daysSinceSupplyEnds),
				daysSinceSupplyEnds, EndBasis.SUPPLY);
	}

	@Test
	void ldnTakenFor8WeeksIsDueAReview() {
		Card card = RuleCards
			.of(RuleFacts.chart()
				.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5).weeksSinceStart(8)))
			.only(REVIEW);

		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary())
			.isEqualTo("On LDN (4.5 mg a day) for 8 weeks: assess the response and decide whether to continue");
		assertThat(card.detail()).contains("**8 weeks ago**");
		assertThat(reasonCodes(card)).containsExactly("review-done");
	}

	@Test
	void noReviewBefore8WeeksWhenTheStartIsUnknownOrForStandardDoseNaltrexone() {
		assertThat(RuleCards
			.of(RuleFacts.chart()
				.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5).weeksSinceStart(7)))
			.all()).isEmpty();
		assertThat(RuleCards.of(RuleFacts.chart().onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5)))
			.all()).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.chart()
				.onRecord(medication("ntx", "Naltrexone 50 mg", NALTREXONE).dailyDose(50).weeksSinceStart(20)))
			.all()).isEmpty();
	}

	@Test
	void quietForAPatientNotOnNaltrexoneAndOutsideTheChart() {
		assertThat(RuleCards.of(RuleFacts.chart().onRecord(medication("oxy", "oxycodone", OPIOIDS))).all()).isEmpty();
		RuleCards ordering = RuleCards.of(RuleFacts.orderSelect()
			.onRecord(medication("ldn", "LDN 4.5 mg", NALTREXONE).dailyDose(4.5).weeksSinceStart(10))
			.onRecord(medication("oxy", "oxycodone", OPIOIDS))
			.ordered(medication("ibu", "ibuprofen")));
		assertThat(ordering.by(BOTH_ACTIVE)).isEmpty();
		assertThat(ordering.by(REVIEW)).isEmpty();
	}

}
