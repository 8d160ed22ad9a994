package org.ldncds.facts;

import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.fhir.PatientRecord;
import org.ldncds.hooks.HookContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FactMapperTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final FactMapper mapper = KnowledgeFixtures.factMapper();

	@Test
	void recognisesCompoundedNaltrexoneWrittenAsFreeText() {
		MedicationFact ldn = onlyDraft(
				order("ldn", "\"medicationCodeableConcept\": {\"text\": \"LDN 4.5 mg capsule\"}", dose("4.5", "mg")));
		assertThat(ldn.inValueSet("naltrexone-products")).isTrue();
		assertThat(ldn.dailyDoseMg()).isEqualTo(4.5);
		assertThat(ldn.isUnderReview()).isTrue();
	}

	@Test
	void recognisesNaltrexoneByRxNormProductCode() {
		MedicationFact tablet = onlyDraft(
				order("ntx", rxnorm("1483744", "naltrexone hydrochloride 50 MG Oral Tablet"), dose("1", "tablet")));
		assertThat(tablet.inValueSet("naltrexone-products")).isTrue();
		assertThat(tablet.dailyDoseMg()).as("one tablet of the 50 mg product").isEqualTo(50.0);
	}

	@Test
	void recognisesNaltrexoneInAContainedMedication() {
		MedicationFact ldn = onlyDraft(
				"""
						{"resourceType": "MedicationRequest", "id": "ldn", "status": "draft", "intent": "order",
						 "contained": [{"resourceType": "Medication", "id": "med1",
						   "code": {"text": "Naltrexone 1.5 mg capsule"},
						   "ingredient": [{"itemCodeableConcept": {"text": "naltrexone hydrochloride"},
						     "strength": {"numerator": {"value": 1.5, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"},
						                  "denominator": {"value": 1, "unit": "capsule"}}}]}],
						 "medicationReference": {"reference": "#med1"},
						 "dosageInstruction": [{"doseAndRate": [{"doseQuantity": {"value": 1, "unit": "capsule"}}]}]}
						""");
		assertThat(ldn.inValueSet("naltrexone-products")).isTrue();
		assertThat(ldn.dailyDoseMg()).isEqualTo(1.5);
	}

	@Test
	void resolvesMedicationReferencesToPrefetchedMedications() {
		String order = """
				{"resourceType": "MedicationRequest", "id": "oxy", "status": "active", "intent": "order",
				 "medicationReference": {"reference": "Medication/oxy-5"}}
				""";
		String medication = """
				{"resourceType": "Medication", "id": "oxy-5", "code": {"coding": [{"system":
				 "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "1049621"}]}}
				""";
		ClinicalFacts facts = mapper.map(context(List.of(), List.of()), record(order, medication),
				ReviewScope.ALL_DRAFTS);
		assertThat(facts.medications()).singleElement().satisfies((oxy) -> {
			assertThat(oxy.inValueSet("opioids")).isTrue();
			assertThat(oxy.role()).isEqualTo(MedicationRole.ON_RECORD);
		});
	}

	@Test
	void convertsMicrogramsAndMultipliesByDailyFrequency() {
		MedicationFact ldn = onlyDraft(order("ldn", "\"medicationCodeableConcept\": {\"text\": \"naltrexone\"}", """
				"dosageInstruction": [{"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
				  "doseAndRate": [{"doseQuantity": {"value": 750, "unit": "mcg"}}]}]
				"""));
		assertThat(ldn.dailyDoseMg()).isCloseTo(1.5, within(1e-9));
		assertThat(ldn.timesPerDay()).isEqualTo(2.0);
	}

	@Test
	void judgesADoseRangeByItsHighEnd() {
		MedicationFact ldn = onlyDraft(order("ldn", "\"medicationCodeableConcept\": {\"text\": \"naltrexone\"}", """
				"dosageInstruction": [{"doseAndRate": [{"doseRange": {
				  "low": {"value": 1.5, "unit": "milligram"}, "high": {"value": 4.5, "unit": "milligram"}}}]}]
				"""));
		assertThat(ldn.dailyDoseMg()).isEqualTo(4.5);
	}

	@Test
	void readsTheStrengthFromTheProductNameWhenTheDoseCountsCapsules() {
		MedicationFact ldn = onlyDraft(
				order("ldn", "\"medicationCodeableConcept\": {\"text\": \"Naltrexone 3 mg capsule (compounded)\"}",
						dose("2", "capsule")));
		assertThat(ldn.dailyDoseMg()).isEqualTo(6.0);
	}

	@Test
	void anUndeterminableDoseIsAFactNotAFailure() {
		MedicationFact ldn = onlyDraft(order("ldn", "\"medicationCodeableConcept\": {\"text\": \"naltrexone\"}",
				"""
						"dosageInstruction": [{"text": "as directed", "doseAndRate": [{"doseQuantity": {"value": 5, "unit": "mL"}}]}]
						"""));
		assertThat(ldn.isDoseKnown()).isFalse();
		assertThat(ldn.dailyDoseMg()).isNull();
		assertThat(ldn.doseProblem()).isEqualTo(new DoseProblem(DoseProblem.Kind.NO_CONCENTRATION, "mL"));
	}

	@Test
	void aTextDoseIsTakenAsOftenAsTheTextSaysWhenThereIsNoTiming() {
		MedicationFact ldn = onlyDraft(order("ldn", "\"medicationCodeableConcept\": {\"text\": \"naltrexone\"}",
				"\"dosageInstruction\": [{\"text\": \"1.5 mg twice daily\"}]"));
		assertThat(ldn.dailyDoseMg()).isEqualTo(3.0);
		assertThat(ldn.timesPerDay()).isEqualTo(2.0);
		assertThat(ldn.doseProblem()).isNull();
	}

	@Test
	void theTimingWinsOverTheFrequencyInTheText() {
		MedicationFact ldn = onlyDraft(order("ldn", "\"medicationCodeableConcept\": {\"text\": \"naltrexone\"}", """
				"dosageInstruction": [{"text": "1.5 mg twice daily",
				  "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}}]
				"""));
		assertThat(ldn.dailyDoseMg()).isEqualTo(1.5);
		assertThat(ldn.timesPerDay()).isEqualTo(1.0);
	}

	@Test
	void aMedicationWithoutDosageInstructionHasNoDoseForAStatedReason() {
		MedicationFact ldn = onlyDraft(
				"{\"resourceType\": \"MedicationRequest\", \"id\": \"ldn\", \"status\": \"draft\", \"intent\": \"order\", "
						+ "\"medicationCodeableConcept\": {\"text\": \"naltrexone 4.5 mg\"}}");
		assertThat(ldn.doseProblem()).isEqualTo(new DoseProblem(DoseProblem.Kind.NO_DOSE, ""));
	}

	@Test
	void onlySelectedDraftsAreUnderReviewForOrderSelect() {
		String ldn = order("ldn", "\"medicationCodeableConcept\": {\"text\": \"naltrexone 4.5 mg\"}",
				dose("4.5", "mg"));
		String oxy = order("oxy", rxnorm("1049621", "oxycodone hydrochloride 5 MG Oral Tablet"), dose("1", "tablet"));
		ClinicalFacts facts = mapper.map(context(List.of("MedicationRequest/ldn"), List.of(ldn, oxy)), record(),
				ReviewScope.SELECTIONS);
		assertThat(facts.medications()).extracting(MedicationFact::id, MedicationFact::role)
			.containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple("MedicationRequest/ldn", MedicationRole.UNDER_REVIEW),
					org.assertj.core.groups.Tuple.tuple("MedicationRequest/oxy", MedicationRole.OTHER_DRAFT));
	}

	@Test
	void onlyActiveOrOnHoldOrdersOfTheRecordCount() {
		ClinicalFacts facts = mapper.map(context(List.of(), List.of()),
				record(recordOrder("a", "active"), recordOrder("b", "on-hold"), recordOrder("c", "stopped"),
						recordOrder("d", "completed"), recordOrder("e", "cancelled"),
						recordOrder("f", "entered-in-error")),
				ReviewScope.ALL_DRAFTS);
		assertThat(facts.medications()).extracting(MedicationFact::id)
			.containsExactlyInAnyOrder("MedicationRequest/a", "MedicationRequest/b");
	}

	@Test
	void onlyCurrentConfirmedConditionsCount() {
		ClinicalFacts facts = mapper.map(context(List.of(), List.of()),
				record(condition("a", "active", "confirmed"), condition("b", "relapse", "provisional"),
						condition("c", "resolved", "confirmed"), condition("d", "active", "refuted"),
						condition("e", "active", "entered-in-error")),
				ReviewScope.ALL_DRAFTS);
		assertThat(facts.conditions()).extracting(ConditionFact::id)
			.containsExactlyInAnyOrder("Condition/a", "Condition/b");
		assertThat(facts.conditions().get(0).inValueSet("ldn-indication-fibromyalgia")).isTrue();
	}

	@Test
	void ignoresAnOrderWithoutStatusAndAStatusCodingWithoutCode() {
		// Both used to throw (Set.of(...).contains(null)): a 500 for a hostile prefetch.
		String orderWithoutStatus = recordOrder("a", "active").replace("\"status\": \"active\", ", "");
		String statusWithoutCode = condition("b", "active", "confirmed").replace(", \"code\": \"active\"", "");
		assertThat(orderWithoutStatus).doesNotContain("status");
		assertThat(statusWithoutCode).doesNotContain("\"active\"");

		ClinicalFacts facts = mapper.map(context(List.of(), List.of()), record(orderWithoutStatus, statusWithoutCode),
				ReviewScope.ALL_DRAFTS);

		assertThat(facts.medications()).isEmpty();
		assertThat(facts.conditions()).isEmpty();
	}

	@Test
	void computesAgeInCompletedYearsAndErrsYoungerForPartialBirthDates() {
		assertThat(patient("\"birthDate\": \"2008-11-21\"").ageYears()).isEqualTo(18);
		assertThat(patient("\"birthDate\": \"2008-11-22\"").ageYears()).isEqualTo(17);
		assertThat(patient("\"birthDate\": \"2008\"").ageYears()).isEqualTo(17);
		assertThat(patient("\"gender\": \"female\"").isAgeKnown()).isFalse();
	}

	private PatientFact patient(String fields) {
		String patient = "{\"resourceType\": \"Patient\", \"id\": \"p\", " + fields + "}";
		return mapper.map(context(List.of(), List.of()), record(patient), ReviewScope.ALL_DRAFTS)
			.patient()
			.orElseThrow();
	}

	private MedicationFact onlyDraft(String draft) {
		ClinicalFacts facts = mapper.map(context(List.of(), List.of(draft)), record(), ReviewScope.ALL_DRAFTS);
		assertThat(facts.medications()).hasSize(1);
		return facts.medications().get(0);
	}

	private static String order(String id, String medication, String dosage) {
		return "{\"resourceType\": \"MedicationRequest\", \"id\": \"" + id
				+ "\", \"status\": \"draft\", \"intent\": \"order\", " + medication + ", " + dosage + "}";
	}

	private static String recordOrder(String id, String status) {
		return order(id, rxnorm("1049621", "oxycodone hydrochloride 5 MG Oral Tablet"), dose("1", "tablet"))
			.replace("\"draft\"", "\"" + status + "\"");
	}

	private static String rxnorm(String code, String display) {
		return "\"medicationCodeableConcept\": {\"coding\": [{\"system\": \"http://www.nlm.nih.gov/research/umls/rxnorm\", \"code\": \""
				+ code + "\", \"display\": \"" + display + "\"}]}";
	}

	private static String dose(String value, String unit) {
		return "\"dosageInstruction\": [{\"doseAndRate\": [{\"doseQuantity\": {\"value\": " + value + ", \"unit\": \""
				+ unit + "\"}}]}]";
	}

	private static String condition(String id, String clinical, String verification) {
		return """
				{"resourceType": "Condition", "id": "%s",
				 "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "%s"}]},
				 "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "%s"}]},
				 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "203082005", "display": "Fibromyalgia"}]}}
				"""
			.formatted(id, clinical, verification);
	}

	private static HookContext context(List<String> selections, List<String> drafts) {
		Bundle bundle = new Bundle();
		drafts.forEach((json) -> bundle.addEntry().setResource((org.hl7.fhir.r4.model.Resource) parse(json)));
		return new HookContext("Practitioner/doc", "p", null, selections, bundle, Map.of("patientId", "p"));
	}

	private static PatientRecord record(String... resources) {
		return PatientRecord.of(List.of(resources).stream().map(FactMapperTest::parse).toList());
	}

	private static IBaseResource parse(String json) {
		return FHIR.newJsonParser().parseResource(json);
	}

}
