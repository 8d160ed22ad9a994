package org.ldncds.knowledge;

import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;

import static org.assertj.core.api.Assertions.assertThat;

class TerminologyTest {

	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	private final Terminology terminology = KnowledgeFixtures.knowledge().terminology();

	@Test
	void findsAnOpioidProductByItsRxNormCode() {
		assertThat(terminology.valueSetsOf(RXNORM, "1049621")).contains("opioid-full-agonists", "opioids");
	}

	@Test
	void acceptsRxNormUnderItsOid() {
		assertThat(terminology.valueSetsOf("urn:oid:2.16.840.1.113883.6.88", "1049621")).contains("opioids");
		assertThat(terminology.valueSetsOf("2.16.840.1.113883.6.88", "1049621")).contains("opioids");
	}

	@Test
	void groupingValueSetHoldsTheMembersOfTheSetsItIncludes() {
		assertThat(terminology.valueSetsMentionedIn("methadone 10 mg/mL oral concentrate")).contains("oud-treatment",
				"opioids");
	}

	@Test
	void matchesIcd10CmCodesByPrefixSoNewerChildCodesStillMatch() {
		String icd = "http://hl7.org/fhir/sid/icd-10-cm";
		assertThat(terminology.valueSetsOf(icd, "G35")).contains("ldn-indication-multiple-sclerosis");
		assertThat(terminology.valueSetsOf(icd, "G35.A")).contains("ldn-indication-multiple-sclerosis");
		assertThat(terminology.valueSetsOf("urn:oid:2.16.840.1.113883.6.90", "G35.D"))
			.contains("ldn-indication-multiple-sclerosis");
	}

	@Test
	void matchesFreeTextOnWordBoundariesOnly() {
		assertThat(terminology.valueSetsMentionedIn("Naltrexone 4.5 mg capsule (compounded)"))
			.contains("naltrexone-products");
		assertThat(terminology.valueSetsMentionedIn("LDN 1.5 mg at bedtime")).contains("naltrexone-products");
		assertThat(terminology.valueSetsMentionedIn("naloxone 4 mg nasal spray")).doesNotContain("naltrexone-products",
				"opioids");
		assertThat(terminology.valueSetsMentionedIn("methylnaltrexone 12 mg injection"))
			.doesNotContain("naltrexone-products");
	}

	@Test
	void unknownSystemsCodesAndTextsMatchNothing() {
		assertThat(terminology.valueSetsOf("http://example.org/local-drugs", "1049621")).isEmpty();
		assertThat(terminology.valueSetsOf(null, null)).isEmpty();
		assertThat(terminology.valueSetsOf(RXNORM, "999999999")).isEmpty();
		assertThat(terminology.valueSetsMentionedIn("ibuprofen 400 mg tablet")).isEmpty();
		assertThat(terminology.valueSetsMentionedIn(null)).isEmpty();
	}

	@Test
	void recognisesTheSyntheaCodesTheRulesNeedThroughTheVsacCopies() {
		String sct = "http://snomed.info/sct";
		assertThat(terminology.valueSetsOf(sct, "72892002")).contains("pregnancy");
		assertThat(terminology.valueSetsOf(sct, "95417003")).contains("ldn-indication-fibromyalgia");
		assertThat(terminology.valueSetsOf(sct, "368581000119106")).contains("ldn-indication-chronic-neuropathic-pain");
		assertThat(terminology.valueSetsOf(sct, "254637007")).contains("ldn-indication-cancer");
		assertThat(terminology.valueSetsOf("http://hl7.org/fhir/sid/icd-10-cm", "E03.9")).contains("hypothyroidism");
		assertThat(terminology.valueSetsOf("http://hl7.org/fhir/sid/icd-10-cm", "O90.3"))
			.as("excluded from the project's pregnancy set")
			.contains("2.16.840.1.113883.3.526.3.378")
			.doesNotContain("pregnancy");
	}

}
