package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rule of rules/ldn/thyroid.drl. */
class ThyroidRulesTest {

	private static final String TSH = "LDN for a patient on thyroid hormone replacement: monitor TSH";

	private static final String REPLACEMENT = "thyroid-hormone-replacement";

	@Test
	void ldnForAPatientWithHashimotosOnThyroidHormoneAsksForTheUsualTshMonitoring() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("hashimoto", "Hashimoto thyroiditis", "ldn-indication-hashimoto")
				.onRecord(medication("levo", "Levothyroxine 100 mcg tablet", REPLACEMENT)))
			.only(TSH);

		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary()).isEqualTo("LDN with Levothyroxine 100 mcg tablet: check TSH after starting; "
				+ "no need to change the dose in advance");
		assertThat(card.detail()).contains("(Levothyroxine 100 mcg tablet); the record shows Hashimoto thyroiditis.")
			.contains("Do not change the replacement dose in advance")
			.doesNotContain("Recognised by its name");
		assertThat(card.suggestions()).isEmpty();
		assertThat(card.overrideReasons()).isEmpty();
	}

	@Test
	void hypothyroidismNamedOnlyInWordsCountsAndSaysSo() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.conditionNamed("hypo", "Idiopathic atrophic hypothyroidism", "hypothyroidism")
				.onRecord(medication("levo", "Levothyroxine 75 mcg tablet", REPLACEMENT)))
			.only(TSH);
		assertThat(card.detail()).contains("*Recognised by its name:*");
	}

	@Test
	void thyroidHormoneReplacementAloneIsEnough() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.onRecord(medication("levo", "Levothyroxine Sodium 0.075 MG Oral Tablet", REPLACEMENT)))
			.only(TSH);
		assertThat(card.detail())
			.startsWith("The patient takes thyroid hormone replacement (Levothyroxine Sodium 0.075 MG Oral Tablet).\n")
			.doesNotContain("the record shows")
			.doesNotContain("Recognised by its name");
	}

	@Test
	void quietWithoutThyroidHormoneOrForStandardDoseNaltrexone() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("hashimoto", "Hashimoto thyroiditis", "ldn-indication-hashimoto"))
			.by(TSH)).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("hypo", "Hypothyroidism", "hypothyroidism"))
			.by(TSH)).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ntx", "Naltrexone 50 mg", NALTREXONE).dailyDose(50))
				.condition("hypo", "Hypothyroidism", "hypothyroidism")
				.onRecord(medication("levo", "Levothyroxine 100 mcg tablet", REPLACEMENT)))
			.by(TSH)).isEmpty();
	}

}
