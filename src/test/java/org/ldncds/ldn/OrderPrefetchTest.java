package org.ldncds.ldn;

import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.hooks.PrefetchTokens;
import org.ldncds.knowledge.Terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The order services' prefetch: the three current keys as before, the optional history
 * keys, and an Observations search built from the knowledge base's value set
 * {@code observations-read}.
 */
class OrderPrefetchTest {

	private final Map<String, String> templates = LdnPipeline.orderPrefetch(KnowledgeFixtures.knowledge());

	@Test
	void keepsTheCurrentKeysAsTheyWereAndAddsTheOptionalOnes() {
		assertThat(templates).containsAllEntriesOf(LdnPipeline.PREFETCH);
		assertThat(templates.keySet()).containsExactlyInAnyOrder("patient", "medications", "conditions",
				"medicationHistory", "medicationStatements", "medicationDispenses", "observations",
				"encounterDiagnoses");
		assertThat(LdnPipeline.optionalKeys()).containsExactlyInAnyOrder("medicationHistory", "medicationStatements",
				"medicationDispenses", "observations", "encounterDiagnoses");
		PrefetchTokens.check("order-select", templates);
		PrefetchTokens.check("order-sign", templates);
	}

	@Test
	void searchesObservationsByTheCodesTheRulesLookAt() {
		String observations = templates.get("observations");
		assertThat(observations).startsWith("Observation?patient={{context.patientId}}&code=")
			// a urine opiate screen, an hCG test, pregnancy and breastfeeding status
			.contains("http://loinc.org|19295-5", "http://loinc.org|2106-3", "http://loinc.org|82810-3",
					"http://loinc.org|63895-7")
			.doesNotContain("&date", "category");
		List<String> codes = List.of(observations.substring(observations.indexOf("code=") + 5).split(","));
		assertThat(codes).doesNotHaveDuplicates().allMatch((code) -> code.startsWith("http://loinc.org|"));
		// Long, but far below the 8 KB that servers commonly accept in a URL.
		assertThat(observations).hasSizeLessThan(2500);
	}

	@Test
	void listedCodesFollowImportsAndLeaveOutExclusions() {
		FhirContext fhir = FhirContext.forR4Cached();
		ValueSet base = fhir.newJsonParser()
			.parseResource(ValueSet.class,
					"""
							{"resourceType": "ValueSet", "id": "base", "url": "http://example.org/ValueSet/base",
							 "compose": {"include": [{"system": "http://loinc.org", "concept": [{"code": "1-1"}, {"code": "2-2"}]}]}}
							""");
		ValueSet grouping = fhir.newJsonParser().parseResource(ValueSet.class, """
				{"resourceType": "ValueSet", "id": "grouping", "url": "http://example.org/ValueSet/grouping",
				 "compose": {"include": [{"valueSet": ["http://example.org/ValueSet/base"]},
				   {"system": "http://loinc.org", "concept": [{"code": "3-3"}]}],
				  "exclude": [{"system": "http://loinc.org", "concept": [{"code": "2-2"}]}]}}
				""");
		Terminology terminology = Terminology.from(List.of(base, grouping), List.<NamingSystem>of());
		assertThat(terminology.listedCodesOf("grouping")).extracting(Terminology.SystemCode::code)
			.containsExactlyInAnyOrder("1-1", "3-3");
		assertThatIllegalArgumentException().isThrownBy(() -> terminology.listedCodesOf("nothing"));
	}

}
