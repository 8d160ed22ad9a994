package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.OPIOIDS;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rule of rules/ldn/hepatic.drl. */
class HepaticRulesTest {

	private static final String HEPATIC = "Naltrexone ordered for a patient with hepatic impairment is a warning";

	private static final String LIVER = "hepatic-impairment";

	@Test
	void naltrexoneWithLiverDiseaseIsAWarningToCheckLiverTestsAndStartLow() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("cirrhosis", "Unspecified cirrhosis of liver", LIVER))
			.only(HEPATIC);

		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).isEqualTo("Naltrexone (1.5 mg a day) with liver disease "
				+ "(Unspecified cirrhosis of liver): check liver tests, start low");
		assertThat(card.detail()).contains("**Unspecified cirrhosis of liver**")
			.contains("ALT, AST, bilirubin")
			.doesNotContain("Recognised by its name");
		assertThat(card.source().url()).contains("dailymed");
		assertThat(card.suggestions()).isEmpty();
		assertThat(reasonCodes(card)).containsExactly("specialist-advice", "benefit-outweighs-risk");
	}

	@Test
	void itAppliesToAnyNaltrexoneDoseAndNamesTheFirstOfSeveralLiverConditions() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ntx", "Naltrexone 50 mg tablet", NALTREXONE).dailyDose(50))
			.condition("b", "Chronic hepatitis C", LIVER)
			.condition("a", "Alcoholic cirrhosis of liver", LIVER));
		assertThat(run.all()).hasSize(1);
		assertThat(run.only(HEPATIC).summary()).contains("(50 mg a day)").contains("(Alcoholic cirrhosis of liver)");
	}

	@Test
	void aLiverDiseaseNamedOnlyInWordsSaysSo() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.conditionNamed("liver", "liver cirrhosis", LIVER))
			.only(HEPATIC);
		assertThat(card.detail()).contains("*Recognised by its name:*");
	}

	@Test
	void quietWithoutLiverDiseaseOrWithoutANaltrexoneOrder() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("htn", "Essential hypertension"))
			.by(HEPATIC)).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.onRecord(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.ordered(medication("oxy", "oxycodone", OPIOIDS))
				.condition("cirrhosis", "Cirrhosis", LIVER))
			.by(HEPATIC)).isEmpty();
	}

}
