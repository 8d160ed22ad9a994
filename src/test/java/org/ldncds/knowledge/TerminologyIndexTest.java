package org.ldncds.knowledge;

import java.util.List;

import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.NamingSystem.NamingSystemIdentifierType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.FilterOperator;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link Terminology} reads a value set, on small value sets built here: expansion
 * (nested too), enumerated includes, imports, excludes, ICD-10-CM prefixes and text
 * terms.
 */
class TerminologyIndexTest {

	private static final String SCT = "http://snomed.info/sct";

	private static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";

	private static final String BASE = "http://example.org/ValueSet/";

	@Test
	void holdsTheCodesOfTheExpansionNestedOnesToo() {
		ValueSet expanded = valueSet("vsac-copy");
		ValueSetExpansionContainsComponent group = expanded.getExpansion().addContains().setAbstract(true);
		group.setSystem(SCT).setCode("64572001");
		group.addContains().setSystem(SCT).setCode("72892002");
		expanded.getExpansion().addContains().setSystem(ICD).setCode("O09.90");
		Terminology terminology = Terminology.from(List.of(expanded), List.of());
		assertThat(terminology.valueSetsOf(SCT, "72892002")).containsExactly("vsac-copy");
		assertThat(terminology.valueSetsOf(ICD, "O09.90")).containsExactly("vsac-copy");
		assertThat(terminology.valueSetsOf(ICD, "O0990")).as("dots ignored").containsExactly("vsac-copy");
		assertThat(terminology.valueSetsOf(SCT, "64572001")).as("abstract grouper").isEmpty();
		assertThat(terminology.valueSetsOf(ICD, "O09.91")).as("an expansion lists codes, not prefixes").isEmpty();
	}

	@Test
	void holdsEnumeratedConceptsExactlyAndIcdFiltersByPrefix() {
		ValueSet project = valueSet("project");
		project.getCompose().addInclude().setSystem(SCT).addConcept().setCode("24700007");
		project.getCompose().addInclude().setSystem(ICD).addConcept().setCode("E03");
		project.getCompose()
			.addInclude()
			.setSystem(ICD)
			.addFilter()
			.setProperty("concept")
			.setOp(FilterOperator.ISA)
			.setValue("G35");
		project.getCompose()
			.addInclude()
			.setSystem(ICD)
			.addFilter()
			.setProperty("concept")
			.setOp(FilterOperator.DESCENDENTOF)
			.setValue("G93.3");
		Terminology terminology = Terminology.from(List.of(project), List.of());
		assertThat(terminology.valueSetsOf(SCT, "24700007")).containsExactly("project");
		assertThat(terminology.valueSetsOf(ICD, "E03")).containsExactly("project");
		assertThat(terminology.valueSetsOf(ICD, "E03.9")).as("enumerated, not a filter").isEmpty();
		assertThat(terminology.valueSetsOf(ICD, "G35.A")).containsExactly("project");
		assertThat(terminology.valueSetsOf(ICD, "g35d")).containsExactly("project");
		assertThat(terminology.valueSetsOf(ICD, "G93.32")).containsExactly("project");
		assertThat(terminology.valueSetsOf(ICD, "G93.4")).isEmpty();
		assertThat(terminology.valueSetsOf(ICD, "G3")).isEmpty();
	}

	@Test
	void importingValueSetHoldsTheImportedMembersExceptTheOnesItExcludes() {
		ValueSet vsac = valueSet("vsac-pregnancy");
		vsac.getExpansion().addContains().setSystem(SCT).setCode("72892002");
		vsac.getExpansion().addContains().setSystem(ICD).setCode("O90.3");
		vsac.getExpansion().addContains().setSystem(ICD).setCode("O92.20");
		vsac.getExpansion().addContains().setSystem(ICD).setCode("O26.891");
		ValueSet project = valueSet("pregnancy");
		project.getCompose().addInclude().addValueSet(BASE + "vsac-pregnancy");
		project.getCompose().addExclude().setSystem(ICD).addConcept().setCode("O90.3");
		project.getCompose()
			.addExclude()
			.setSystem(ICD)
			.addFilter()
			.setProperty("concept")
			.setOp(FilterOperator.ISA)
			.setValue("O92");
		ValueSet outer = valueSet("outer");
		outer.getCompose().addInclude().addValueSet(BASE + "pregnancy|2026.11.0");
		Terminology terminology = Terminology.from(List.of(vsac, project, outer), List.of());
		assertThat(terminology.valueSetsOf(SCT, "72892002")).containsExactlyInAnyOrder("vsac-pregnancy", "pregnancy",
				"outer");
		assertThat(terminology.valueSetsOf(ICD, "O26.891")).containsExactlyInAnyOrder("vsac-pregnancy", "pregnancy",
				"outer");
		assertThat(terminology.valueSetsOf(ICD, "O90.3")).as("excluded by concept").containsExactly("vsac-pregnancy");
		assertThat(terminology.valueSetsOf(ICD, "O92.20")).as("excluded by is-a").containsExactly("vsac-pregnancy");
	}

	@Test
	void excludesTheMembersOfAnExcludedValueSet() {
		ValueSet cancer = valueSet("cancer");
		cancer.getCompose().addInclude().setSystem(SCT).addConcept().setCode("254637007");
		cancer.getCompose().getIncludeFirstRep().addConcept().setCode("363346000");
		ValueSet lung = valueSet("lung");
		lung.getCompose().addInclude().setSystem(SCT).addConcept().setCode("254637007");
		ValueSet notLung = valueSet("not-lung");
		notLung.getCompose().addInclude().addValueSet(BASE + "cancer");
		notLung.getCompose().addExclude().addValueSet(BASE + "lung");
		Terminology terminology = Terminology.from(List.of(cancer, lung, notLung), List.of());
		assertThat(terminology.valueSetsOf(SCT, "363346000")).contains("not-lung");
		assertThat(terminology.valueSetsOf(SCT, "254637007")).doesNotContain("not-lung");
	}

	@Test
	void acceptsACodeSystemUnderTheOidItsNamingSystemLists() {
		ValueSet project = valueSet("project");
		project.getCompose()
			.addInclude()
			.setSystem(ICD)
			.addFilter()
			.setProperty("concept")
			.setOp(FilterOperator.ISA)
			.setValue("K50");
		NamingSystem icd = new NamingSystem();
		icd.addUniqueId().setType(NamingSystemIdentifierType.URI).setValue(ICD).setPreferred(true);
		icd.addUniqueId().setType(NamingSystemIdentifierType.OID).setValue("2.16.840.1.113883.6.90");
		Terminology terminology = Terminology.from(List.of(project), List.of(icd));
		assertThat(terminology.valueSetsOf("urn:oid:2.16.840.1.113883.6.90", "K50.90")).containsExactly("project");
	}

	@Test
	void conditionNamesCountOnlyWhenNotNegatedOrQualified() {
		ValueSet cancer = valueSet("cancer");
		cancer.addExtension(Terminology.TEXT_TERM_EXTENSION, new StringType("cancer"));
		cancer.addExtension(Terminology.TEXT_TERM_EXTENSION, new StringType("fibromyalgia"));
		ValueSet outer = valueSet("outer");
		outer.getCompose().addInclude().addValueSet(BASE + "cancer");
		Terminology terminology = Terminology.from(List.of(cancer, outer), List.of());
		assertThat(terminology.valueSetsAffirmedIn("Breast cancer")).containsExactlyInAnyOrder("cancer", "outer");
		assertThat(terminology.valueSetsAffirmedIn("Fibromyalgia (disorder)")).contains("cancer");
		for (String negated : List.of("History of breast cancer", "Family history: breast cancer",
				"Breast cancer ruled out", "No fibromyalgia", "Patient denies fibromyalgia", "Cancer, resolved",
				"negative for cancer", "Screening for cancer")) {
			assertThat(terminology.valueSetsAffirmedIn(negated)).as(negated).isEmpty();
		}
		assertThat(terminology.valueSetsAffirmedIn("Hypertension; breast cancer")).as("its own clause counts")
			.contains("cancer");
		assertThat(terminology.valueSetsAffirmedIn("Cancerophobia")).as("whole words only").isEmpty();
		assertThat(terminology.valueSetsAffirmedIn(null)).isEmpty();
	}

	@Test
	void refusesAValueSetItCannotReadFaithfully() {
		ValueSet intersection = valueSet("intersection");
		intersection.getCompose().addInclude().setSystem(SCT).addValueSet(BASE + "other");
		ValueSet other = valueSet("other");
		assertThatThrownBy(() -> Terminology.from(List.of(intersection, other), List.of()))
			.hasMessageContaining("ValueSet/intersection")
			.hasMessageContaining("intersection");
		ValueSet dangling = valueSet("dangling");
		dangling.getCompose().addInclude().addValueSet(BASE + "missing");
		assertThatThrownBy(() -> Terminology.from(List.of(dangling), List.of()))
			.hasMessageContaining("ValueSet/dangling imports " + BASE + "missing");
		ValueSet regex = valueSet("regex");
		ConceptSetComponent include = regex.getCompose().addInclude().setSystem(ICD);
		include.addFilter().setProperty("code").setOp(FilterOperator.REGEX).setValue("G3.*");
		assertThatThrownBy(() -> Terminology.from(List.of(regex), List.of())).hasMessageContaining("ValueSet/regex");
	}

	private static ValueSet valueSet(String id) {
		ValueSet valueSet = new ValueSet();
		valueSet.setId(id);
		valueSet.setUrl(BASE + id);
		return valueSet;
	}

}
