package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rule of rules/ldn/paediatrics.drl. */
class PaediatricsRulesTest {

	private static final String UNDER_18 = "Naltrexone ordered for a patient under 18 is a warning";

	@Test
	void naltrexoneForAPatientUnder18IsAWarning() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect().ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5)).patientAged(12))
			.only(UNDER_18);

		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary())
			.isEqualTo("Naltrexone (1.5 mg a day) for a patient aged 12: safety under 18 not established");
		assertThat(card.detail()).contains("**12 years old**")
			.contains("Crohn's disease")
			.contains("**No titration scheme is suggested.**")
			.contains("0.1 mg/kg a day, up to 4.5 mg");
		assertThat(card.source().label()).startsWith("Naltrexone label: Pediatric Use");
		assertThat(card.suggestions()).isEmpty();
		assertThat(reasonCodes(card)).containsExactly("specialist-advice", "benefit-outweighs-risk");
	}

	@Test
	void at17ItStillApplies() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect().ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5)).patientAged(17))
			.by(UNDER_18)).hasSize(1);
	}

	@Test
	void quietFrom18OrWhenTheAgeIsUnknown() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect().ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5)).patientAged(18))
			.by(UNDER_18)).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect().ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5)).patientAged(null))
			.by(UNDER_18)).isEmpty();
		assertThat(RuleCards.of(RuleFacts.orderSelect().ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5)))
			.by(UNDER_18)).isEmpty();
	}

}
