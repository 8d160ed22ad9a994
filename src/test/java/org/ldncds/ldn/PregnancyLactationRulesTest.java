package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.onlyAction;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.OPIOIDS;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rules of rules/ldn/pregnancy-lactation.drl. */
class PregnancyLactationRulesTest {

	private static final String PREGNANCY = "Naltrexone ordered in pregnancy is a warning";

	private static final String LACTATION = "Naltrexone ordered while breastfeeding is a warning";

	@Test
	void naltrexoneInPregnancyIsAWarningThatOffersToRemoveTheOrder() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("preg", "Normal pregnancy", "pregnancy"))
			.only(PREGNANCY);

		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).isEqualTo("Naltrexone (1.5 mg a day) in pregnancy: safety not established");
		assertThat(card.detail()).contains("**pregnancy**").doesNotContain("Recognised by its name");
		Action action = onlyAction(card);
		assertThat(action.type()).isEqualTo("delete");
		assertThat(action.resourceId()).isEqualTo("MedicationRequest/ldn");
		assertThat(reasonCodes(card)).containsExactly("benefit-outweighs-risk", "pregnancy-record-outdated");
	}

	@Test
	void aPregnancyNamedOnlyInWordsSaysSoAndTheDoseNeedNotBeKnown() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "Naltrexone capsule", NALTREXONE))
				.conditionNamed("preg", "Pregnant, 10 weeks", "pregnancy"))
			.only(PREGNANCY);
		assertThat(card.summary()).startsWith("Naltrexone (dose unknown) in pregnancy");
		assertThat(card.detail()).contains("*Recognised by its name:*");
	}

	@Test
	void naltrexoneWhileBreastfeedingIsAWarning() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("bf", "Breastfeeding", "lactation"))
			.only(LACTATION);

		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).isEqualTo("Naltrexone (1.5 mg a day) while breastfeeding: safety not established");
		assertThat(onlyAction(card).resourceId()).isEqualTo("MedicationRequest/ldn");
		assertThat(reasonCodes(card)).containsExactly("benefit-outweighs-risk", "lactation-record-outdated");
	}

	@Test
	void quietWithoutPregnancyOrBreastfeedingOrWithoutANaltrexoneOrder() {
		RuleCards without = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
			.condition("htn", "Essential hypertension"));
		assertThat(without.by(PREGNANCY)).isEmpty();
		assertThat(without.by(LACTATION)).isEmpty();
		RuleCards notOrdering = RuleCards.of(RuleFacts.orderSelect()
			.onRecord(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
			.ordered(medication("oxy", "oxycodone", OPIOIDS))
			.condition("preg", "Normal pregnancy", "pregnancy")
			.condition("bf", "Breastfeeding", "lactation"));
		assertThat(notOrdering.by(PREGNANCY)).isEmpty();
		assertThat(notOrdering.by(LACTATION)).isEmpty();
	}

}
