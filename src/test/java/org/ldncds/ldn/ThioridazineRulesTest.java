package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.medication;

/** The rule of rules/ldn/thioridazine.drl. */
class ThioridazineRulesTest {

	private static final String THIORIDAZINE = "Naltrexone ordered for a patient taking thioridazine is a warning";

	@Test
	void naltrexoneForAPatientOnThioridazineIsAWarning() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.onRecord(medication("thio", "thioridazine 25 MG Oral Tablet", "thioridazine")))
			.only(THIORIDAZINE);

		assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
		assertThat(card.summary())
			.isEqualTo("Naltrexone with thioridazine 25 MG Oral Tablet: lethargy and somnolence reported");
		assertThat(card.detail()).contains("**thioridazine 25 MG Oral Tablet**").contains("review sedation");
		assertThat(card.suggestions()).isEmpty();
		assertThat(reasonCodes(card)).containsExactly("benefit-outweighs-risk", "monitoring-planned");
	}

	@Test
	void quietWithoutThioridazineOrWithoutANaltrexoneOrder() {
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.onRecord(medication("halo", "haloperidol 5 mg tablet")))
			.by(THIORIDAZINE)).isEmpty();
		assertThat(RuleCards
			.of(RuleFacts.orderSelect()
				.onRecord(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.ordered(medication("thio", "thioridazine 25 MG Oral Tablet", "thioridazine")))
			.all()).isEmpty();
	}

}
