package org.ldncds.facts;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.MedicationExposure.EndBasis;
import org.ldncds.facts.ObservationFact.Result;
import org.ldncds.fhir.PatientRecord;
import org.ldncds.hooks.HookContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the records beyond current orders and conditions become facts: ended orders,
 * medication statements and dispenses (exposures, with their end and the record showing
 * it), observations, and encounter diagnoses without a clinical status. The resources are
 * shaped as Synthea and EHRs write them. Today is 2026-11-21.
 */
class HistoryFactMapperTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	private final FactMapper mapper = KnowledgeFixtures.factMapper();

	@Test
	void aStoppedOrderEndsAtItsLastUpdateWhenItsValidityRunsBeyondToday() {
		MedicationExposure tramadol = onlyExposure(
				"""
						{"resourceType": "MedicationRequest", "id": "tram", "meta": {"lastUpdated": "2026-11-18T09:30:00.000-05:00"},
						 "status": "stopped", "intent": "order",
						 "medicationCodeableConcept": {"coding": [{"system": "%s", "code": "835603",
						   "display": "tramadol hydrochloride 50 MG Oral Tablet"}], "text": "tramadol hydrochloride 50 MG Oral Tablet"},
						 "subject": {"reference": "urn:uuid:1f1e3d2c-0000-4000-8000-000000000001"},
						 "authoredOn": "2026-10-20T14:02:11-05:00",
						 "dosageInstruction": [{"sequence": 1, "timing": {"repeat": {"frequency": 1, "period": 6, "periodUnit": "h"}},
						   "asNeededBoolean": true, "doseAndRate": [{"doseQuantity": {"value": 1}}]}],
						 "dispenseRequest": {"validityPeriod": {"start": "2026-10-20", "end": "2027-04-20"}}}
						"""
					.formatted(RXNORM));
		assertThat(tramadol.id()).isEqualTo("MedicationRequest/tram");
		assertThat(tramadol.record()).isEqualTo("MedicationRequest");
		assertThat(tramadol.inValueSet("opioids")).isTrue();
		assertThat(tramadol.endedOn()).isEqualTo(LocalDate.of(2026, 11, 18));
		assertThat(tramadol.daysSinceEnd()).isEqualTo(3);
		assertThat(tramadol.endBasis()).isEqualTo(EndBasis.LAST_UPDATE);
		assertThat(tramadol.state()).isEqualTo(MedicationExposure.State.ENDED);
	}

	@Test
	void aCompletedOrderEndsAtTheLatestPassedEndOfItsValidityOrDosage() {
		MedicationExposure methadone = onlyExposure(
				"""
						{"resourceType": "MedicationRequest", "id": "mtd", "meta": {"lastUpdated": "2026-11-20T10:00:00Z"},
						 "status": "completed", "intent": "order",
						 "medicationCodeableConcept": {"coding": [{"system": "%s", "code": "864706",
						   "display": "methadone hydrochloride 10 MG Oral Tablet"}]},
						 "authoredOn": "2026-08-01",
						 "dosageInstruction": [{"timing": {"repeat": {"boundsPeriod": {"start": "2026-08-01", "end": "2026-11-09"}}}}],
						 "dispenseRequest": {"validityPeriod": {"start": "2026-08-01", "end": "2026-11-01"}}}
						"""
					.formatted(RXNORM));
		assertThat(methadone.inValueSet("opioids-two-week-interval")).isTrue();
		assertThat(methadone.endedOn()).isEqualTo(LocalDate.of(2026, 11, 9));
		assertThat(methadone.endBasis()).isEqualTo(EndBasis.DOSAGE_PERIOD);
	}

	@Test
	void anEndedOrderWithoutAnyEndDateIsDatedByWhenItWasWrittenOrLeftOut() {
		MedicationExposure written = onlyExposure("""
				{"resourceType": "MedicationRequest", "id": "w", "status": "stopped", "intent": "order",
				 "medicationCodeableConcept": {"text": "oxycodone 5 mg"}, "authoredOn": "2026-11"}
				""");
		// A month's latest day: the order ended on or after it, so the interval since is
		// at most this.
		assertThat(written.endedOn()).isEqualTo(LocalDate.of(2026, 11, 30));
		assertThat(written.endBasis()).isEqualTo(EndBasis.WRITTEN);
		assertThat(written.endedWithin(10)).isTrue();
		assertThat(facts("""
				{"resourceType": "MedicationRequest", "id": "u", "status": "completed", "intent": "order",
				 "medicationCodeableConcept": {"text": "oxycodone 5 mg"}}
				""").exposures()).isEmpty();
	}

	@Test
	void currentCancelledAndDraftOrdersAreNotExposures() {
		ClinicalFacts facts = facts("""
				{"resourceType": "MedicationRequest", "id": "a", "status": "active", "intent": "order",
				 "medicationCodeableConcept": {"text": "oxycodone 5 mg"}, "authoredOn": "2026-11-20"}
				""", """
				{"resourceType": "MedicationRequest", "id": "c", "status": "cancelled", "intent": "order",
				 "medicationCodeableConcept": {"text": "oxycodone 5 mg"}, "authoredOn": "2026-11-20"}
				""");
		assertThat(facts.exposures()).isEmpty();
		assertThat(facts.medications()).extracting(MedicationFact::id).containsExactly("MedicationRequest/a");
	}

	@Test
	void anActiveStatementIsTakenNowAndNamesItsDrugByAnIncludedMedication() {
		ClinicalFacts facts = facts(bundle("""
				{"resourceType": "MedicationStatement", "id": "st", "status": "active",
				 "medicationReference": {"reference": "Medication/oxy5"},
				 "subject": {"reference": "Patient/p"}, "effectivePeriod": {"start": "2026-09-01"},
				 "dateAsserted": "2026-11-20"}
				""", """
				{"resourceType": "Medication", "id": "oxy5", "code": {"coding": [{"system": "%s", "code": "1049621",
				 "display": "oxycodone hydrochloride 5 MG Oral Tablet"}]}}
				""".formatted(RXNORM)));
		assertThat(facts.exposures()).singleElement().satisfies((statement) -> {
			assertThat(statement.id()).isEqualTo("MedicationStatement/st");
			assertThat(statement.name()).isEqualTo("oxycodone hydrochloride 5 MG Oral Tablet");
			assertThat(statement.inValueSet("opioids")).isTrue();
			assertThat(statement.isOngoing()).isTrue();
			assertThat(statement.endedOn()).isNull();
			assertThat(statement.state()).isEqualTo(MedicationExposure.State.TAKEN_NOW);
		});
	}

	@Test
	void aCompletedStatementEndsAtItsPeriodElseItsDateElseWhenItWasMade() {
		assertThat(onlyExposure(
				statement("completed", "\"effectivePeriod\": {\"start\": \"2026-10-01\", \"end\": \"2026-11-15\"}"))
			.endedOn()).isEqualTo(LocalDate.of(2026, 11, 15));
		assertThat(onlyExposure(statement("completed", "\"effectiveDateTime\": \"2026-11-12T08:00:00Z\"")).endBasis())
			.isEqualTo(EndBasis.EFFECTIVE_TIME);
		MedicationExposure asserted = onlyExposure(statement("stopped", "\"dateAsserted\": \"2026-11-19\""));
		assertThat(asserted.endBasis()).isEqualTo(EndBasis.ASSERTED);
		assertThat(asserted.daysSinceEnd()).isEqualTo(2);
		assertThat(facts(statement("not-taken", "\"dateAsserted\": \"2026-11-19\"")).exposures()).isEmpty();
		assertThat(facts(statement("completed", "\"note\": [{\"text\": \"no dates\"}]")).exposures()).isEmpty();
	}

	@Test
	void aDispenseLastsItsDaysSupplyFromWhenItWasHandedOver() {
		MedicationExposure running = onlyExposure(dispense("completed", "2026-11-18T16:00:00Z",
				"\"daysSupply\": {\"value\": 7, \"unit\": \"days\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"d\"},"));
		assertThat(running.endedOn()).isEqualTo(LocalDate.of(2026, 11, 25));
		assertThat(running.daysSinceEnd()).isEqualTo(-4);
		assertThat(running.isOngoing()).isTrue();
		assertThat(running.state()).isEqualTo(MedicationExposure.State.RUNS_UNTIL);
		assertThat(running.endDay()).isEqualTo("2026-11-25");
		MedicationExposure noSupply = onlyExposure(dispense("completed", "2026-11-10", ""));
		assertThat(noSupply.endBasis()).isEqualTo(EndBasis.DISPENSED);
		assertThat(noSupply.daysSinceEnd()).isEqualTo(11);
		assertThat(facts(dispense("cancelled", "2026-11-18", "")).exposures()).isEmpty();
		assertThat(facts(dispense("completed", null, "")).exposures()).isEmpty();
	}

	@Test
	void aUrineScreenIsPositiveByItsInterpretationItsCodedValueOrItsWords() {
		assertThat(onlyObservation(screen("\"interpretation\": [{\"coding\": [{\"system\": "
				+ "\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\", \"code\": \"POS\"}]}]"))
			.result()).isEqualTo(Result.POSITIVE);
		assertThat(onlyObservation(screen("\"valueCodeableConcept\": {\"coding\": [{\"system\": \"http://loinc.org\", "
				+ "\"code\": \"LA6576-8\", \"display\": \"Positive\"}]}"))
			.result()).isEqualTo(Result.POSITIVE);
		assertThat(onlyObservation(screen("\"valueString\": \"DETECTED\"")).result()).isEqualTo(Result.POSITIVE);
		assertThat(onlyObservation(screen("\"valueString\": \"Not detected\"")).result()).isEqualTo(Result.NEGATIVE);
		assertThat(onlyObservation(screen("\"valueCodeableConcept\": {\"text\": \"Negative for opiates\"}")).result())
			.isEqualTo(Result.NEGATIVE);
		// A quantity above a laboratory's cut-off is not read: the service has none.
		assertThat(onlyObservation(screen("\"valueQuantity\": {\"value\": 2500, \"unit\": \"ng/mL\"}")).result())
			.isNull();
	}

	@Test
	void anObservationIsDatedAndKeptOnlyWhenResultedDatedAndKnown() {
		ObservationFact screen = onlyObservation(screen("\"valueString\": \"Positive\""));
		assertThat(screen.id()).isEqualTo("Observation/uds");
		assertThat(screen.name()).isEqualTo("Opiates [Presence] in Urine by Screen method");
		assertThat(screen.inValueSet("lab-opiate-urine-screen")).isTrue();
		assertThat(screen.effectiveOn()).isEqualTo(LocalDate.of(2026, 11, 16));
		assertThat(screen.daysAgo()).isEqualTo(5);
		assertThat(facts(screen("\"valueString\": \"Positive\"").replace("\"final\"", "\"cancelled\"")).observations())
			.isEmpty();
		String issuedOnly = screen("\"valueString\": \"Positive\"").replace("\"effectiveDateTime\"", "\"_unused\"");
		assertThat(onlyObservation(issuedOnly).effectiveOn()).isEqualTo(LocalDate.of(2026, 11, 16));
		assertThat(facts(issuedOnly.replace("\"issued\"", "\"_unused2\"")).observations()).isEmpty();
		assertThat(facts(screen("\"valueString\": \"Positive\"").replace("19295-5", "2345-7")).observations())
			.isEmpty();
	}

	@Test
	void pregnancyAndBreastfeedingStatusAnswersAreRecognisedByTheirLoincCodes() {
		ObservationFact pregnant = onlyObservation(
				"""
						{"resourceType": "Observation", "id": "ps", "status": "final",
						 "code": {"coding": [{"system": "http://loinc.org", "code": "82810-3", "display": "Pregnancy status"}]},
						 "effectiveDateTime": "2026-10-31",
						 "valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": "LA15173-0", "display": "Pregnant"}]}}
						""");
		assertThat(pregnant.inValueSet("observation-pregnancy-status")).isTrue();
		assertThat(pregnant.answerIn("answer-pregnant")).isTrue();
		assertThat(pregnant.answer()).isEqualTo("Pregnant");
		ObservationFact breastfeeding = onlyObservation("""
				{"resourceType": "Observation", "id": "bf", "status": "final",
				 "code": {"coding": [{"system": "http://loinc.org", "code": "63895-7"}]},
				 "effectiveDateTime": "2026-10-31",
				 "valueCodeableConcept": {"coding": [{"system": "urn:oid:2.16.840.1.113883.6.1", "code": "LA29253-4"}]}}
				""");
		assertThat(breastfeeding.inValueSet("observation-breastfeeding-status")).isTrue();
		assertThat(breastfeeding.answerIn("answer-not-breastfeeding")).isTrue();
		assertThat(breastfeeding.answerIn("answer-breastfeeding")).isFalse();
	}

	@Test
	void anEncounterDiagnosisWithoutClinicalStatusIsDatedByItsLatestDate() {
		ClinicalFacts facts = facts(
				"""
						{"resourceType": "Condition", "id": "preg",
						 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
						   "code": "encounter-diagnosis", "display": "Encounter Diagnosis"}]}],
						 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "72892002", "display": "Normal pregnancy"}],
						   "text": "Normal pregnancy"},
						 "onsetDateTime": "2026-08-01T10:00:00-04:00", "recordedDate": "2026-09-21"}
						""");
		assertThat(facts.conditions()).isEmpty();
		assertThat(facts.encounterDiagnoses()).singleElement().satisfies((diagnosis) -> {
			assertThat(diagnosis.id()).isEqualTo("Condition/preg");
			assertThat(diagnosis.inValueSet("pregnancy")).isTrue();
			assertThat(diagnosis.recordedOn()).isEqualTo(LocalDate.of(2026, 9, 21));
			assertThat(diagnosis.daysAgo()).isEqualTo(61);
		});
	}

	@Test
	void aSyntheaConditionWithItsClinicalStatusIsACurrentConditionOnlyOnceWhateverTheKeys() {
		String synthea = """
				{"resourceType": "Condition", "id": "preg",
				 "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
				 "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
				 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "encounter-diagnosis"}]}],
				 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "72892002", "display": "Normal pregnancy"}]},
				 "onsetDateTime": "2026-06-01T10:00:00-04:00", "recordedDate": "2026-06-01T10:00:00-04:00"}
				""";
		// Under "conditions" and under "encounterDiagnoses": the same Condition twice.
		ClinicalFacts facts = facts(bundle(synthea), bundle(synthea));
		assertThat(facts.encounterDiagnoses()).isEmpty();
		assertThat(facts.conditions()).singleElement()
			.satisfies((pregnancy) -> assertThat(pregnancy.inValueSet("pregnancy")).isTrue());
	}

	@Test
	void abatedRefutedAndUndatedEncounterDiagnosesAreLeftOut() {
		String diagnosis = """
				{"resourceType": "Condition", "id": "%s",
				 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "encounter-diagnosis"}]}],
				 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "77386006"}]}, %s}
				""";
		assertThat(facts(
				diagnosis.formatted("a", "\"recordedDate\": \"2026-10-01\", \"abatementDateTime\": \"2026-10-20\""),
				diagnosis.formatted("r", "\"recordedDate\": \"2026-10-01\", \"verificationStatus\": {\"coding\": "
						+ "[{\"system\": \"http://terminology.hl7.org/CodeSystem/condition-ver-status\", \"code\": \"refuted\"}]}"),
				diagnosis.formatted("u", "\"note\": [{\"text\": \"undated\"}]"))
			.encounterDiagnoses()).isEmpty();
	}

	@Test
	void antagonistsAreRecognisedAndAreNeitherOpioidsNorNaltrexone() {
		MedicationFact nalmefene = onRecord("\"medicationCodeableConcept\": {\"coding\": [{\"system\": \"" + RXNORM
				+ "\", \"code\": \"2639721\", \"display\": \"nalmefene 27 MG/ML Nasal Spray\"}]}");
		MedicationFact samidorphan = onRecord("\"medicationCodeableConcept\": {\"coding\": [{\"system\": \"" + RXNORM
				+ "\", \"code\": \"2570392\"}]}");
		MedicationFact naloxegol = onRecord("\"medicationCodeableConcept\": {\"text\": \"Movantik 25 mg tablet\"}");
		MedicationFact methylnaltrexone = onRecord(
				"\"medicationCodeableConcept\": {\"text\": \"methylnaltrexone bromide 12 mg/0.6 mL injection\"}");
		assertThat(List.of(nalmefene, samidorphan, naloxegol, methylnaltrexone)).allSatisfy((antagonist) -> {
			assertThat(antagonist.inValueSet("opioid-antagonists")).isTrue();
			assertThat(antagonist.inValueSet("opioids")).isFalse();
			assertThat(antagonist.inValueSet("naltrexone-products")).isFalse();
		});
		assertThat(samidorphan.inValueSet("samidorphan-products")).isTrue();
		assertThat(naloxegol.inValueSet("pamoras")).isTrue();
		assertThat(methylnaltrexone.inValueSet("pamoras")).isTrue();
	}

	@Test
	void alcoholUseDisorderIsRecognisedByIcd10CmPrefixAndSnomedCt() {
		assertThat(condition("http://hl7.org/fhir/sid/icd-10-cm", "F10.239").inValueSet("alcohol-use-disorder"))
			.isTrue();
		assertThat(condition("http://snomed.info/sct", "66590003").inValueSet("alcohol-use-disorder")).isTrue();
		assertThat(condition("http://hl7.org/fhir/sid/icd-10-cm", "F11.20").inValueSet("alcohol-use-disorder"))
			.isFalse();
	}

	@Test
	void theWrittenDoseIsKeptForUnitChecks() {
		ClinicalFacts facts = mapper.map(context(List.of("""
				{"resourceType": "MedicationRequest", "id": "ldn", "status": "draft", "intent": "order",
				 "medicationCodeableConcept": {"text": "Naltrexone 4.5 mg capsule"},
				 "dosageInstruction": [{"doseAndRate": [{"doseQuantity": {"value": 4.50, "unit": "g",
				   "system": "http://unitsofmeasure.org", "code": "g"}}]}]}
				""")), record(), ReviewScope.ALL_DRAFTS);
		MedicationFact ldn = facts.medications().get(0);
		assertThat(ldn.dailyDoseMg()).isEqualTo(4500.0);
		assertThat(ldn.doseWritten()).isEqualTo("4.5 g");
		assertThat(ldn.dailyDoseWritten()).isEqualTo("4.5 g");
		assertThat(UnitSlip.of(ldn, true)).isEqualTo(UnitSlip.G_FOR_MG);
		assertThat(UnitSlip.meantMg(ldn, true)).isEqualTo(4.5);
	}

	private ConditionFact condition(String system, String code) {
		ClinicalFacts facts = facts(
				"""
						{"resourceType": "Condition", "id": "c",
						 "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
						 "code": {"coding": [{"system": "%s", "code": "%s"}]}}
						"""
					.formatted(system, code));
		return facts.conditions().get(0);
	}

	private MedicationFact onRecord(String medication) {
		ClinicalFacts facts = facts("{\"resourceType\": \"MedicationRequest\", \"id\": \"m\", \"status\": \"active\", "
				+ "\"intent\": \"order\", " + medication + "}");
		return facts.medications().get(0);
	}

	private static String statement(String status, String dates) {
		return """
				{"resourceType": "MedicationStatement", "id": "st", "status": "%s",
				 "medicationCodeableConcept": {"text": "tramadol 50 mg"}, "subject": {"reference": "Patient/p"}, %s}
				""".formatted(status, dates);
	}

	private static String dispense(String status, String handedOver, String supply) {
		return """
				{"resourceType": "MedicationDispense", "id": "d", "status": "%s",
				 "medicationCodeableConcept": {"coding": [{"system": "%s", "code": "1049621",
				   "display": "oxycodone hydrochloride 5 MG Oral Tablet"}]},
				 %s "quantity": {"value": 20, "unit": "tablet"} %s}
				""".formatted(status, RXNORM, supply,
				(handedOver == null) ? "" : ", \"whenHandedOver\": \"" + handedOver + "\"");
	}

	private static String screen(String value) {
		return """
				{"resourceType": "Observation", "id": "uds", "status": "final",
				 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
				 "code": {"coding": [{"system": "http://loinc.org", "code": "19295-5",
				   "display": "Opiates [Presence] in Urine by Screen method"}]},
				 "effectiveDateTime": "2026-11-16T08:00:00-05:00", "issued": "2026-11-16T13:00:00.000-05:00", %s}
				"""
			.formatted(value);
	}

	private MedicationExposure onlyExposure(String resource) {
		ClinicalFacts facts = facts(resource);
		assertThat(facts.exposures()).hasSize(1);
		return facts.exposures().get(0);
	}

	private ObservationFact onlyObservation(String resource) {
		ClinicalFacts facts = facts(resource);
		assertThat(facts.observations()).hasSize(1);
		return facts.observations().get(0);
	}

	private ClinicalFacts facts(String... resources) {
		return mapper.map(context(List.of()), record(resources), ReviewScope.SELECTIONS);
	}

	private static String bundle(String... resources) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		for (String resource : resources) {
			bundle.addEntry().setResource((org.hl7.fhir.r4.model.Resource) parse(resource));
		}
		return FHIR.newJsonParser().encodeResourceToString(bundle);
	}

	private static HookContext context(List<String> drafts) {
		Bundle bundle = new Bundle();
		drafts.forEach((json) -> bundle.addEntry().setResource((org.hl7.fhir.r4.model.Resource) parse(json)));
		return new HookContext("Practitioner/doc", "p", null, List.of(), bundle, Map.of("patientId", "p"));
	}

	private static PatientRecord record(String... resources) {
		return PatientRecord.of(List.of(resources).stream().map(HistoryFactMapperTest::parse).toList());
	}

	private static IBaseResource parse(String json) {
		return FHIR.newJsonParser().parseResource(json);
	}

}
