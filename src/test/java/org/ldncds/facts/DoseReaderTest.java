package org.ldncds.facts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The dose of one administration, for each shape EHRs write it in. */
class DoseReaderTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final String UCUM = "http://unitsofmeasure.org";

	@Test
	void theSandboxPillIsACountOfTheStrengthInTheRxNormDisplay() {
		// Exactly what the CDS Hooks sandbox sends: a UCUM code and no unit text.
		DoseReading dose = read("{\"system\": \"" + UCUM + "\", \"code\": \"{pill}\", \"value\": 1}",
				names("Naltrexone hydrochloride 50 MG Oral Tablet"));
		assertThat(dose.mg()).isEqualTo(50.0);
	}

	@ParameterizedTest
	@CsvSource({ "'{pill}',", "'{tablet}',", "'{tbl}',", "'{capsule}',", "'{cap}',", "'{Capsule}',", ",'{pill}'",
			",tablet", ",capsule", "1,tablet", "1,capsule", "1,", "'{each}',", ",'capsule(s)'" })
	void annotationsAndFormWordsCountTheProductsStrength(String code, String unit) {
		String quantity = "{\"value\": 2"
				+ ((code == null) ? "" : ", \"system\": \"" + UCUM + "\", \"code\": \"" + code + "\"")
				+ ((unit == null) ? "" : ", \"unit\": \"" + unit + "\"") + "}";
		assertThat(read(quantity, names("naltrexone 4.5 MG Oral Capsule")).mg()).isEqualTo(9.0);
	}

	@Test
	void aCodeOfAnEhrsOwnUnitSystemGivesWayToTheUnitText() {
		assertThat(read("{\"value\": 4.5, \"unit\": \"mg\", \"system\": \"urn:oid:1.2.3.4.5.6.7\", \"code\": \"3\"}",
				none())
			.mg()).isEqualTo(4.5);
		assertThat(read(
				"{\"value\": 1, \"unit\": \"capsule\", \"system\": \"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm\", \"code\": \"CAP\"}",
				names("naltrexone 1.5 mg capsule"))
			.mg()).isEqualTo(1.5);
	}

	@Test
	void theStrengthComesFromTheMedicationIngredientFirst() {
		Medication capsule = medication(
				"""
						{"resourceType": "Medication", "code": {"text": "Naltrexone (compounded)"},
						 "ingredient": [
						   {"itemCodeableConcept": {"text": "naltrexone hydrochloride"}, "isActive": true,
						    "strength": {"numerator": {"value": 4.5, "system": "http://unitsofmeasure.org", "code": "mg"},
						                 "denominator": {"value": 1, "system": "http://unitsofmeasure.org", "code": "{capsule}"}}},
						   {"itemCodeableConcept": {"text": "microcrystalline cellulose"}, "isActive": false,
						    "strength": {"numerator": {"value": 100, "code": "mg"}, "denominator": {"value": 1, "code": "{capsule}"}}}]}
						""");
		List<Strength> strengths = Strength.ofProduct(Optional.of(capsule), List.of("Naltrexone (compounded)"));
		assertThat(read("{\"value\": 1, \"code\": \"{pill}\"}", strengths).mg()).as("the excipient does not count")
			.isEqualTo(4.5);
	}

	@Test
	void microgramsAndGramsAreConverted() {
		assertThat(read("{\"value\": 4500, \"system\": \"" + UCUM + "\", \"code\": \"ug\", \"unit\": \"µg\"}", none())
			.mg()).isCloseTo(4.5, within(1e-9));
		assertThat(read("{\"value\": 1500, \"unit\": \"mcg\"}", none()).mg()).isCloseTo(1.5, within(1e-9));
		assertThat(read("{\"value\": 750, \"unit\": \"µg\"}", none()).mg()).isCloseTo(0.75, within(1e-9));
		assertThat(read("{\"value\": 0.05, \"code\": \"g\"}", none()).mg()).isCloseTo(50.0, within(1e-9));
	}

	@Test
	void aVolumeIsMultipliedByTheConcentrationOfTheMedication() {
		Medication liquid = medication("""
				{"resourceType": "Medication", "code": {"text": "Naltrexone oral suspension (compounded)"},
				 "ingredient": [{"itemCodeableConcept": {"text": "naltrexone hydrochloride"},
				   "strength": {"numerator": {"value": 1, "system": "http://unitsofmeasure.org", "code": "mg"},
				                "denominator": {"value": 1, "system": "http://unitsofmeasure.org", "code": "mL"}}}]}
				""");
		List<Strength> strengths = Strength.ofProduct(Optional.of(liquid), List.of());
		assertThat(read("{\"value\": 4.5, \"system\": \"" + UCUM + "\", \"code\": \"mL\"}", strengths).mg())
			.isCloseTo(4.5, within(1e-9));
	}

	@ParameterizedTest
	@CsvSource({ "'Naltrexone 1 mg/mL oral suspension', 3, 3", "'naltrexone 1 MG/ML Oral Solution', 1.5, 1.5",
			"'LDN 4.5 mg per 5 mL', 5, 4.5", "'Naltrexone 0.5mg/ml liquid', 3, 1.5" })
	void aVolumeIsMultipliedByTheConcentrationInTheName(String name, double ml, double mg) {
		assertThat(read("{\"value\": " + ml + ", \"unit\": \"mL\"}", names(name)).mg()).isCloseTo(mg, within(1e-9));
	}

	@Test
	void aRangeIsJudgedByItsHighEnd() {
		Dosage dosage = dosage(
				"""
						{"doseAndRate": [{"doseRange": {"low": {"value": 1.5, "code": "mg"}, "high": {"value": 4.5, "code": "mg"}}}]}
						""");
		assertThat(DoseReader.read(dosage, none()).mg()).isEqualTo(4.5);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "Take 4.5 mg at bedtime|4.5|1", "1.5mg nightly|1.5|1", "4.5 milligrams by mouth daily|4.5|1",
					"0.5 mL of 1 mg/mL at bedtime|0.5|1", "Take 750 mcg twice daily|0.75|2",
					"Take 1 capsule (4.5 mg) at bedtime|4.5|1", "1.5-4.5 mg once a day|4.5|1",
					"Take 3 mg every other day|3|0.5", "4,5 mg|-|-" })
	void theInstructionsTextGivesTheDoseWhenNothingElseDoes(String text, String mg, String timesPerDay) {
		DoseReading dose = DoseReader.read(new Dosage().setText(text), none());
		if ("-".equals(mg)) {
			assertThat(dose.isRead()).as("a decimal comma in free text is not guessed at").isFalse();
			return;
		}
		assertThat(dose.mg()).isCloseTo(Double.parseDouble(mg), within(1e-9));
		assertThat(dose.timesPerDay()).isEqualTo(Double.parseDouble(timesPerDay));
	}

	@Test
	void aCountInTheTextUsesTheProductsStrength() {
		assertThat(
				DoseReader.read(new Dosage().setText("Take 2 capsules at bedtime"), names("Naltrexone 1.5 mg capsule"))
					.mg())
			.isEqualTo(3.0);
		assertThat(DoseReader
			.read(new Dosage().setText("Take 2 capsules (3 mg) at bedtime"), names("Naltrexone 1.5 mg capsule"))
			.mg()).as("the amount is the whole dose").isEqualTo(3.0);
		assertThat(DoseReader
			.read(new Dosage().setText("Take 2 capsules of 1.5 mg at bedtime"), names("Naltrexone 1.5 mg capsule"))
			.problem()).as("1.5 mg each, or 1.5 mg in all? not guessed")
			.isEqualTo(new DoseProblem(DoseProblem.Kind.AMBIGUOUS_TEXT, "2 capsules or tablets and 1.5 mg"));
		assertThat(DoseReader
			.read(new Dosage().setText("Take 4.5 mg at bedtime. Dispense 30 capsules"),
					names("Naltrexone 4.5 mg capsule"))
			.mg()).as("the quantity to dispense is not a dose").isEqualTo(4.5);
		assertThat(DoseReader
			.read(new Dosage().setText("Take 4.5 mg at bedtime, 30 capsules"), names("Naltrexone 4.5 mg capsule"))
			.problem()).as("30 capsules beside 4.5 mg of a 4.5 mg capsule")
			.isEqualTo(new DoseProblem(DoseProblem.Kind.AMBIGUOUS_TEXT, "30 capsules or tablets and 4.5 mg"));
		assertThat(DoseReader.read(new Dosage().setText("take 2 at night"), names("LDN 3 mg capsules")).mg())
			.isEqualTo(6.0);
	}

	@Test
	void aCountOfOneBesideAnAmountMustAgreeWithAKnownStrength() {
		assertThat(DoseReader.read(new Dosage().setText("Take 1 capsule (4.5 mg)"), names("Naltrexone 1.5 mg capsule"))
			.problem()).isEqualTo(new DoseProblem(DoseProblem.Kind.AMBIGUOUS_TEXT, "1 capsules or tablets and 4.5 mg"));
	}

	@Test
	void theTimingMakesFrequenciesInTheTextIrrelevant() {
		Dosage dosage = dosage("""
				{"text": "Take 4.5 mg once daily, or twice daily if needed",
				 "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}}
				""");
		DoseReading dose = DoseReader.read(dosage, none());
		assertThat(dose.mg()).isEqualTo(4.5);
		assertThat(dose.timesPerDay()).isNull();
	}

	@Test
	void aStructuredDoseWinsOverTheText() {
		Dosage dosage = dosage("""
				{"text": "Take 3 mg at bedtime", "doseAndRate": [{"doseQuantity": {"value": 4.5, "code": "mg"}}]}
				""");
		assertThat(DoseReader.read(dosage, none()).mg()).isEqualTo(4.5);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "Take 1.5 mg for 2 weeks then 3 mg|1.5 mg and 3 mg",
					"Take 2 capsules (4.5 mg) at bedtime|2 capsules or tablets and 4.5 mg",
					"Take 4.5 mg once daily, or twice daily if needed|different frequencies" })
	void ambiguousTextIsNotGuessedAt(String text, String subject) {
		DoseReading dose = DoseReader.read(new Dosage().setText(text), none());
		assertThat(dose.isRead()).isFalse();
		assertThat(dose.problem()).isEqualTo(new DoseProblem(DoseProblem.Kind.AMBIGUOUS_TEXT, subject));
	}

	@Test
	void eachUnreadableDoseSaysWhy() {
		assertThat(read("{\"value\": 2, \"code\": \"{puff}\"}", names("naltrexone 4.5 mg capsule")).problem())
			.isEqualTo(new DoseProblem(DoseProblem.Kind.UNIT_NOT_UNDERSTOOD, "{puff}"));
		assertThat(read("{\"value\": 1, \"code\": \"{pill}\"}", names("Naltrexone capsule (compounded)")).problem())
			.isEqualTo(new DoseProblem(DoseProblem.Kind.NO_STRENGTH, "{pill}"));
		assertThat(read("{\"value\": 5, \"unit\": \"mL\"}", names("naltrexone")).problem())
			.isEqualTo(new DoseProblem(DoseProblem.Kind.NO_CONCENTRATION, "mL"));
		assertThat(read("{\"value\": 1, \"code\": \"{tbl}\"}", names(
				"12 HR bupropion hydrochloride 90 MG / naltrexone hydrochloride 8 MG Extended Release Oral Tablet"))
			.problem()).isEqualTo(new DoseProblem(DoseProblem.Kind.SEVERAL_STRENGTHS, "90 mg, 8 mg"));
		assertThat(read("{\"value\": 1, \"code\": \"{pill}\"}",
				names("LDN 4.5 mg capsule", "naltrexone hydrochloride 50 MG Oral Tablet"))
			.problem()).as("names that disagree")
			.isEqualTo(new DoseProblem(DoseProblem.Kind.SEVERAL_STRENGTHS, "4.5 mg, 50 mg"));
		assertThat(read("{\"code\": \"mg\"}", none()).problem()).isEqualTo(DoseProblem.of(DoseProblem.Kind.NO_VALUE));
		assertThat(read("{\"value\": 1, \"system\": \"" + UCUM + "\", \"code\": \"1\", \"unit\": \"mg\"}",
				names("naltrexone 4.5 mg"))
			.problem()).as("UCUM unity written as mg is contradictory")
			.isEqualTo(new DoseProblem(DoseProblem.Kind.UNIT_NOT_UNDERSTOOD, "1"));
		assertThat(DoseReader.read(new Dosage().setText("Take as directed"), none()).problem())
			.isEqualTo(DoseProblem.of(DoseProblem.Kind.NO_AMOUNT_IN_TEXT));
		assertThat(DoseReader.read(new Dosage(), none()).problem()).isEqualTo(DoseProblem.of(DoseProblem.Kind.NO_DOSE));
		assertThat(DoseReader.read(null, none()).problem()).isEqualTo(DoseProblem.of(DoseProblem.Kind.NO_DOSE));
	}

	@Test
	void anAnnotationOtherThanTabletsCountsOnlyAStrengthStatedPerThatAnnotation() {
		Medication spray = medication(
				"""
						{"resourceType": "Medication", "code": {"text": "naltrexone nasal spray"},
						 "ingredient": [{"itemCodeableConcept": {"text": "naltrexone"},
						   "strength": {"numerator": {"value": 1, "code": "mg"}, "denominator": {"value": 1, "code": "{spray}"}}}]}
						""");
		List<Strength> strengths = Strength.ofProduct(Optional.of(spray), List.of());
		assertThat(read("{\"value\": 2, \"code\": \"{spray}\"}", strengths).mg()).isEqualTo(2.0);
		assertThat(read("{\"value\": 2, \"code\": \"{pill}\"}", strengths).problem())
			.isEqualTo(new DoseProblem(DoseProblem.Kind.NO_STRENGTH, "{pill}"));
	}

	@Test
	void aMegabyteOfHostileInstructionsTextIsReadInLinearTime() {
		// The request limits allow strings of a million characters.
		String[] hostile = { "1 ".repeat(500_000), "1" + " ".repeat(999_990) + "x", "1.5 mg ".repeat(140_000),
				"1-".repeat(500_000), "take 1 ".repeat(140_000), "#".repeat(1_000_000) };
		for (String text : hostile) {
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> DoseReader.read(new Dosage().setText(text), none()));
		}
	}

	private static DoseReading read(String doseQuantity, List<Strength> strengths) {
		return DoseReader.read(dosage("{\"doseAndRate\": [{\"doseQuantity\": " + doseQuantity + "}]}"), strengths);
	}

	private static List<Strength> names(String... names) {
		return Strength.ofProduct(Optional.empty(), List.of(names));
	}

	private static List<Strength> none() {
		return List.of();
	}

	private static Dosage dosage(String json) {
		String order = "{\"resourceType\": \"MedicationRequest\", \"status\": \"draft\", \"intent\": \"order\", "
				+ "\"dosageInstruction\": [" + json + "]}";
		return FHIR.newJsonParser().parseResource(MedicationRequest.class, order).getDosageInstructionFirstRep();
	}

	private static Medication medication(String json) {
		return FHIR.newJsonParser().parseResource(Medication.class, json);
	}

}
