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

	private static final String LACTATION = "Naltrexone ordered while breastfeeding gets the lactation information";

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
	void naltrexoneWhileBreastfeedingIsInformationPerLactMed() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("bf", "Breastfeeding", "lactation"))
			.only(LACTATION);

		// LactMed: minimally excreted, not a reason to stop breastfeeding; one human case
		// at 5 mg a day (Chan 2004, relative infant dose 1.06 %). Information, not a
		// warning,
		// and no suggestion to remove the order.
		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary()).isEqualTo(
				"Naltrexone (1.5 mg a day) while breastfeeding: minimal transfer into milk; labels are more cautious");
		assertThat(card.detail()).contains("it is not a reason to stop breastfeeding")
			.contains("one mother taking 5 mg a day")
			.contains("an inference, not a measurement")
			.contains("the EU product information does not recommend breastfeeding")
			.doesNotContain("not known");
		assertThat(card.source().label()).startsWith("LactMed: Naltrexone (NLM)");
		assertThat(card.links()).singleElement().satisfies((link) -> {
			assertThat(link.url()).isEqualTo("https://doi.org/10.1177/0890334404266881");
			assertThat(link.label()).contains("J Hum Lact 2004;20(3):322-6").contains("PMID 15296587");
			assertThat(link.type()).isEqualTo("absolute");
		});
		assertThat(card.suggestions()).isEmpty();
		assertThat(card.overrideReasons()).isEmpty();
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
