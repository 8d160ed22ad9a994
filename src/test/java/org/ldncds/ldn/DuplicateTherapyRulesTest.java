package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.onlyAction;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rule of rules/ldn/duplicate-therapy.drl. */
class DuplicateTherapyRulesTest {

	private static final String DUPLICATE = "A naltrexone order for a patient already on naltrexone duplicates therapy";

	@Test
	void aNaltrexoneOrderForAPatientOnNaltrexoneIsAWarningThatRemovesTheNewOrder() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("new", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
				.onRecord(medication("old", "Naltrexone 1.5 mg capsule", NALTREXONE).dailyDose(1.5)))
			.only(DUPLICATE);

		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary()).isEqualTo(
				"Duplicate naltrexone: Naltrexone 4.5 mg capsule ordered while Naltrexone 1.5 mg capsule is active");
		assertThat(card.detail()).contains("(Naltrexone 1.5 mg capsule)").contains("stop the old one");
		Action action = onlyAction(card);
		assertThat(action.type()).isEqualTo("delete");
		assertThat(action.resourceId()).isEqualTo("MedicationRequest/new");
		assertThat(card.suggestions().get(0).label()).isEqualTo("Remove the new naltrexone order");
		assertThat(reasonCodes(card)).containsExactly("replaces-current-order");
	}

	@Test
	void anotherDraftIsNotTherapyYet() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("new", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
				.otherDraft(medication("other", "Naltrexone 1.5 mg capsule", NALTREXONE).dailyDose(1.5)))
			.by(DUPLICATE)).isEmpty();
	}

	@Test
	void aFirstNaltrexoneOrderIsNoDuplicate() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("new", "Naltrexone 4.5 mg capsule", NALTREXONE).dailyDose(4.5)))
			.by(DUPLICATE)).isEmpty();
	}

}
