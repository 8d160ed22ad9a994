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

}
