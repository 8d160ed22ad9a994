package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.ldn.RuleCards.reasonCodes;
import static org.ldncds.ldn.RuleFacts.NALTREXONE;
import static org.ldncds.ldn.RuleFacts.medication;

/**
 * The rules of rules/ldn/suitability.drl: one information card on whether LDN suits the
 * patient, with the evidence for each documented indication.
 */
class SuitabilityRulesTest {

	private static final String INDICATED = "LDN for a documented indication gets one suitability card with the evidence";

	private static final String NO_INDICATION = "LDN without a documented indication asks for the indication";

	@Test
	void ldnForADocumentedIndicationGetsTheEvidence() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("fm", "Fibromyalgia", "ldn-indication-fibromyalgia"))
			.only(INDICATED);

		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary()).isEqualTo("Off-label LDN for Fibromyalgia: best evidence small or mixed trials");
		assertThat(card.detail()).contains("**Off-label use.**")
			.contains("- **Fibromyalgia**: Small or mixed trials.")
			.contains("**Sources**")
			.doesNotContain("recognised by its name");
		assertThat(card.suggestions()).isEmpty();
		assertThat(card.overrideReasons()).isEmpty();
	}

	@Test
	void severalIndicationsGetOneCardStrongestEvidenceFirst() {
		RuleCards run = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
			.condition("sarc", "Sarcoidosis", "ldn-indication-sarcoidosis")
			.condition("ra", "Rheumatoid arthritis", "ldn-indication-rheumatoid-arthritis")
			.condition("fm", "Fibromyalgia", "ldn-indication-fibromyalgia"));

		Card card = run.only(INDICATED);
		assertThat(card.summary()).isEqualTo(
				"Off-label LDN for Fibromyalgia, Rheumatoid arthritis, Sarcoidosis: best evidence small or mixed trials");
		assertThat(card.detail().indexOf("**Fibromyalgia**")).isLessThan(card.detail().indexOf("**Rheumatoid"));
		assertThat(card.detail().indexOf("**Rheumatoid")).isLessThan(card.detail().indexOf("**Sarcoidosis**"));
		assertThat(card.detail()).contains("**Sarcoidosis**: Theoretical (no clinical trial evidence).");
		assertThat(run.by(NO_INDICATION)).isEmpty();
	}

	@Test
	void anIndicationNamedOnlyInWordsSaysSo() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.conditionNamed("fm", "Fibromyalgia, widespread pain", "ldn-indication-fibromyalgia"))
			.only(INDICATED);
		assertThat(card.detail()).contains("*(recognised by its name in the record, not by a code)*");
	}

	@Test
	void ldnWithoutADocumentedIndicationAsksForOne() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("htn", "Essential hypertension"))
			.only(NO_INDICATION);

		assertThat(card.indicator()).isEqualTo(Indicator.INFO);
		assertThat(card.summary())
			.isEqualTo("Off-label LDN (1.5 mg a day) with no documented indication: record the condition it treats");
		assertThat(reasonCodes(card)).containsExactly("indication-documented-elsewhere");
	}

	@Test
	void quietForStandardDoseNaltrexoneAndForLdnThatIsNotBeingOrdered() {
		RuleCards standard = RuleCards.of(RuleFacts.orderSelect()
			.ordered(medication("ntx", "Naltrexone 50 mg", NALTREXONE).dailyDose(50))
			.condition("fm", "Fibromyalgia", "ldn-indication-fibromyalgia"));
		assertThat(standard.by(INDICATED)).isEmpty();
		assertThat(standard.by(NO_INDICATION)).isEmpty();
		RuleCards onRecord = RuleCards.of(RuleFacts.orderSelect()
			.onRecord(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
			.ordered(medication("ibu", "ibuprofen")));
		assertThat(onRecord.all()).isEmpty();
	}

}
