package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.doseMgOf;
import static org.ldncds.ldn.RuleCards.onlyAction;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleCards.resourceOf;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rules of rules/ldn/titration.drl: start low, step up, take it once a day. */
class TitrationRulesTest {

	private static final String START_LOW = "A first LDN order starting above 1.5 mg suggests a low start and titration";

	private static final String ONCE_DAILY = "LDN ordered other than once a day suggests once-daily dosing";

	@Test
	void aFirstOrderAbove1point5MgSuggestsStartingAt1point5Mg() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5)))
			.only(START_LOW);

		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary())
			.isEqualTo("First LDN order starts at 4.5 mg: consider 1.5 mg at bedtime, titrating to 4.5 mg");
		assertThat(card.detail()).contains("**4.5 mg a day**").contains("no trial has compared them");
		assertThat(card.source().url()).isEqualTo("https://clinicaltrials.gov/study/NCT04678895");
		Action action = onlyAction(card);
		assertThat(action.type()).isEqualTo("update");
		assertThat(action.description()).isEqualTo("Change MedicationRequest/ldn to 1.5 mg once daily for 1 week, "
				+ "then 3 mg once daily for 1 week, then 4.5 mg once daily");
		assertThat(doseMgOf(action)).isEqualTo(1.5);
		assertThat(resourceOf(action).at("/dosageInstruction/0/timing/repeat/frequency").asInt()).isEqualTo(1);
		assertThat(resourceOf(action).at("/dosageInstruction/0/timing/repeat/boundsDuration/code").asText())
			.isEqualTo("wk");
		assertThat(resourceOf(action).at("/dosageInstruction/2/doseAndRate/0/doseQuantity/value").asDouble())
			.isEqualTo(4.5);
		assertThat(resourceOf(action).at("/medicationCodeableConcept/text").asText())
			.isEqualTo("Naltrexone 1.5 mg capsule");
		assertThat(card.suggestions().get(0).label()).isEqualTo("Start at 1.5 mg and step up weekly to 4.5 mg");
		assertThat(reasonCodes(card)).containsExactly("titrated-previously", "dose-intended");
	}

	@Test
	void noTitrationCardAt1point5MgOrForAPatientAlreadyOnNaltrexone() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone 1.5 mg capsule", NALTREXONE).dailyDose(1.5)))
			.by(START_LOW)).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
				.onRecord(medication("old", "Naltrexone 1.5 mg capsule", NALTREXONE).dailyDose(1.5)))
			.by(START_LOW)).isEmpty();
	}

	@Test
	void aChildGetsNoAdultTitrationScheme() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
			.condition("cd", "Crohn's disease", "ldn-indication-crohns-ibd")
			.patientAged(12));
		assertThat(run.by(START_LOW)).isEmpty();
		// The under-18 card says why there is no scheme.
		assertThat(run.only("Naltrexone ordered for a patient under 18 is a warning").detail())
			.contains("**No titration scheme is suggested.**");
	}

	@Test
	void theoreticalEvidenceAloneGetsNoSchedule() {
		RuleCards als = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
			.condition("als", "Amyotrophic lateral sclerosis", "ldn-indication-als"));
		assertThat(als.by(START_LOW)).isEmpty();
		// One indication with trial evidence beside it: the schedule is back.
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
				.condition("als", "Amyotrophic lateral sclerosis", "ldn-indication-als")
				.condition("fm", "Fibromyalgia", "ldn-indication-fibromyalgia"))
			.by(START_LOW)).hasSize(1);
		// Without the titration card, a twice-daily order gets the frequency card.
		assertThat(
				RuleCards
					.of(RuleFacts.orderSelect()
						.ordered(medication("ldn", "Naltrexone 2.25 mg capsule", NALTREXONE).dailyDose(4.5)
							.timesPerDay(2))
						.condition("als", "Amyotrophic lateral sclerosis", "ldn-indication-als"))
					.by(ONCE_DAILY))
			.hasSize(1);
	}

	@Test
	void theTitrationCardDoesNotRepeatTheSuitabilityCard() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
			.condition("fm", "Fibromyalgia", "ldn-indication-fibromyalgia"));
		Card titration = run.only(START_LOW);
		Card suitability = run.only("LDN for a documented indication gets one suitability card with the evidence");
		// One card per concern: how to start (schedule, early effects) is the
		// titration card's; the evidence and when to judge benefit the suitability
		// card's.
		assertThat(titration.detail()).contains("1.5 mg at bedtime for a week")
			.contains("vivid dreams")
			.doesNotContain("8 to 12 weeks")
			.doesNotContain("Fibromyalgia");
		assertThat(suitability.detail()).doesNotContain("1.5 mg")
			.doesNotContain("Usual schedule")
			.doesNotContain("vivid dreams")
			.contains("8 to 12 weeks");
	}

	@Test
	void ldnTwiceADaySuggestsTheSameDailyDoseOnceADay() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone 0.75 mg capsule", NALTREXONE).dailyDose(1.5).timesPerDay(2)))
			.only(ONCE_DAILY);

		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary()).isEqualTo("LDN ordered 2 times a day: it is usually taken once daily, at bedtime");
		assertThat(card.detail()).contains("same total daily dose (1.5 mg)");
		Action action = onlyAction(card);
		assertThat(doseMgOf(action)).isEqualTo(1.5);
		assertThat(resourceOf(action).at("/dosageInstruction/0/timing/repeat/frequency").asInt()).isEqualTo(1);
		assertThat(card.suggestions().get(0).label()).isEqualTo("Take 1.5 mg once daily");
		assertThat(reasonCodes(card)).containsExactly("dose-intended", "specialist-advice");
	}

	@Test
	void aFirstOrderTwiceADayAbove1point5MgGetsOnlyTheTitrationSuggestion() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "Naltrexone 2.25 mg capsule", NALTREXONE).dailyDose(4.5).timesPerDay(2)));
		assertThat(run.by(ONCE_DAILY)).isEmpty();
		assertThat(doseMgOf(onlyAction(run.only(START_LOW)))).isEqualTo(1.5);
	}

	@Test
	void onceADayOrAnUnknownFrequencyNeedsNoFrequencyCard() {
		assertThat(
				RuleCards
					.of(RuleFacts.orderSelect()
						.ordered(medication("ldn", "Naltrexone 1.5 mg capsule", NALTREXONE).dailyDose(1.5)
							.timesPerDay(1)))
					.by(ONCE_DAILY))
			.isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone 1.5 mg capsule", NALTREXONE).dailyDose(1.5)))
			.by(ONCE_DAILY)).isEmpty();
	}

}
