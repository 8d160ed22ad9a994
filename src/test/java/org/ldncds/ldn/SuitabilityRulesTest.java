package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.Link;

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
		assertThat(card.detail()).contains("**Sarcoidosis**: Observational only.");
		assertThat(run.by(NO_INDICATION)).isEmpty();
		// Each indication cites its own evidence, strongest first: the fibromyalgia
		// trials
		// are the card's source, not a 2018 review.
		assertThat(card.source().label()).startsWith("Bruun 2024, Lancet Rheumatol").hasSizeLessThan(70);
		assertThat(card.source().url()).isEqualTo("https://doi.org/10.1016/S2665-9913(23)00278-3");
		assertThat(card.links()).extracting(Link::url)
			.containsSubsequence("https://doi.org/10.1016/S2665-9913(23)00278-3",
					"https://pubmed.ncbi.nlm.nih.gov/38226027/", "https://doi.org/10.1371/journal.pone.0212460")
			.doesNotContain("https://doi.org/10.3390/medsci6040082");
		assertThat(card.detail()).contains("Weinstock et al. Case report of low-dose naltrexone in sarcoidosis")
			.contains("**When to judge benefit:**");
	}

	@Test
	void theoreticalEvidenceGetsNoScheduleAndSaysEvidenceIsLacking() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(4.5))
				.condition("ca", "Non-small cell lung cancer", "ldn-indication-cancer"))
			.only(INDICATED);

		// Cancer is never presented as an indication: "with", not "for".
		assertThat(card.summary())
			.isEqualTo("Off-label LDN with Cancer (malignant neoplasm): no clinical trial evidence");
		assertThat(card.detail()).contains("**Evidence is lacking.**")
			.contains("no dosing schedule is suggested")
			.doesNotContain("1.5 mg")
			.doesNotContain("When to judge benefit");
		assertThat(card.source().url()).isEqualTo("https://doi.org/10.1007/s12325-020-01591-9");
	}

	@Test
	void alsSaysAnExpertReviewAdvisesAgainst() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(4.5))
				.condition("als", "Amyotrophic lateral sclerosis", "ldn-indication-als"))
			.only(INDICATED);

		assertThat(card.summary()).isEqualTo("Off-label LDN with Amyotrophic lateral sclerosis: no clinical trial "
				+ "evidence; expert review advises against");
		assertThat(card.detail()).contains("and an expert review advises against it")
			.contains("does not recommend LDN");
		assertThat(card.source().label()).startsWith("ALSUntangled No. 8 (2011)");
		// ALSUntangled has no verified link: named in the detail, no card link, no source
		// url.
		assertThat(card.source().url()).isNull();
		assertThat(card.links()).isNull();
	}

	@Test
	void anExpertAdviceAgainstIsSaidBesideBetterEvidenceToo() {
		Card card = RuleCards
			.of(RuleFacts.orderSelect()
				.ordered(medication("ldn", "LDN", NALTREXONE).dailyDose(1.5))
				.condition("als", "Amyotrophic lateral sclerosis", "ldn-indication-als")
				.condition("fm", "Fibromyalgia", "ldn-indication-fibromyalgia"))
			.only(INDICATED);
		assertThat(card.summary()).isEqualTo("Off-label LDN for Fibromyalgia, Amyotrophic lateral sclerosis: best "
				+ "evidence small or mixed trials; expert review advises against");
		assertThat(card.detail()).contains("An expert review advises against LDN for one of these conditions");
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
