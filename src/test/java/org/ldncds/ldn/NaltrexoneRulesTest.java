package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.facts.DoseProblem;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.doseMgOf;
import static org.ldncds.ldn.RuleCards.onlyAction;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.OPIOIDS;
import static org.ldncds.ldn.RuleFacts.medication;

/**
 * The rules of rules/ldn/naltrexone.drl: what counts as naltrexone and as low-dose
 * naltrexone, and the cards about the dose of a naltrexone order.
 */
class NaltrexoneRulesTest {

	private static final String IS_NALTREXONE = "A naltrexone product that is not an opioid combination is naltrexone";

	private static final String IS_LDN = "Naltrexone taken at 0.1 to 5 mg a day is low-dose naltrexone";

	private static final String ABOVE_RANGE = "Naltrexone ordered above 5 mg and below 25 mg a day is above the usual LDN range";

	private static final String NO_DOSE = "A naltrexone order whose dose cannot be determined asks for a dose";

	@Test
	void aDoseBetweenLdnAndStandardDosingIsAWarningSuggesting4point5Mg() {
		RuleCards run = RuleCards
			.of(RuleFacts.orderSelect().ordered(medication("ldn", "Naltrexone 6 mg capsule", NALTREXONE).dailyDose(6)));

		Card card = run.only(ABOVE_RANGE);
		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).contains("6 mg").contains("above the usual LDN range");
		assertThat(card.detail()).contains("**6 mg of naltrexone a day**").contains("**Sources**");
		assertThat(card.source().url()).isEqualTo("https://doi.org/10.3390/medsci6040082");
		Action action = onlyAction(card);
		assertThat(action.type()).isEqualTo("update");
		assertThat(action.description()).isEqualTo("Change MedicationRequest/ldn to 4.5 mg once daily");
		assertThat(doseMgOf(action)).isEqualTo(4.5);
		assertThat(reasonCodes(card)).containsExactly("dose-intended", "specialist-advice");
		assertThat(run.fired(IS_NALTREXONE)).isTrue();
		assertThat(run.fired(IS_LDN)).as("6 mg is not low-dose naltrexone").isFalse();
	}

	@Test
	void theRangeEndsAbove5MgAndBelow25Mg() {
		for (double ldn : new double[] { 1.5, 4.5, 5 }) {
			RuleCards run = RuleCards.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone capsule", NALTREXONE).dailyDose(ldn)));
			assertThat(run.by(ABOVE_RANGE)).as("%s mg", ldn).isEmpty();
			assertThat(run.fired(IS_LDN)).as("%s mg is LDN", ldn).isTrue();
		}
		for (double standard : new double[] { 25, 50 }) {
			RuleCards run = RuleCards.of(RuleFacts.orderSelect()
				.ordered(medication("ntx", "Naltrexone tablet", NALTREXONE).dailyDose(standard)));
			assertThat(run.all()).as("%s mg is standard dosing: no LDN card", standard).isEmpty();
			assertThat(run.fired(IS_LDN)).as("%s mg", standard).isFalse();
		}
		assertThat(RuleCards
			.of(RuleFacts.orderSelect().ordered(medication("ldn", "Naltrexone capsule", NALTREXONE).dailyDose(24.9)))
			.by(ABOVE_RANGE)).hasSize(1);
	}

	@Test
	void anOrderWhoseDoseCannotBeReadAsksForTheDoseAndSaysWhy() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "Naltrexone capsule (compounded)", NALTREXONE)
				.doseUnreadable(DoseProblem.Kind.UNIT_NOT_UNDERSTOOD, "{puff}")));

		Card card = run.only(NO_DOSE);
		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary()).isEqualTo(
				"No dose in mg could be read from the Naltrexone capsule (compounded) order: state the daily dose");
		assertThat(card.detail()).contains("the dose unit '{puff}' is not a mass or a count of a known strength");
		assertThat(card.suggestions()).isEmpty();
		assertThat(reasonCodes(card)).containsExactly("dose-in-instructions");
		assertThat(run.all()).as("nor LDN cards: without a dose LDN cannot be established").hasSize(1);
	}

	@Test
	void eachReasonADoseCannotBeReadIsSaidInWords() {
		for (DoseProblem.Kind kind : DoseProblem.Kind.values()) {
			Card card = RuleCards
				.of(RuleFacts.orderSelect()
					.ordered(medication("ldn", "Naltrexone capsule", NALTREXONE).doseUnreadable(kind, "subject")))
				.only(NO_DOSE);
			assertThat(card.detail()).as("%s", kind).doesNotContain("null").contains("can read: ");
		}
	}

	@Test
	void noDoseCardWhenTheDoseIsKnownOrTheNaltrexoneIsNotBeingOrdered() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect().ordered(medication("ldn", "Naltrexone capsule", NALTREXONE).dailyDose(1.5)))
			.by(NO_DOSE)).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.onRecord(medication("ldn", "Naltrexone capsule", NALTREXONE).dailyDose(6))
				.otherDraft(medication("ldn-2", "Naltrexone capsule", NALTREXONE))
				.ordered(medication("ibu", "ibuprofen 400 mg tablet")))
			.all()).isEmpty();
	}

	@Test
	void aMorphineNaltrexoneCombinationIsAnOpioidNotNaltrexone() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("embeda", "morphine / naltrexone ER capsule", NALTREXONE, OPIOIDS).dailyDose(6)));
		assertThat(run.fired(IS_NALTREXONE)).isFalse();
		assertThat(run.all()).isEmpty();
	}

}
