package org.ldncds.cards;

import java.math.BigDecimal;
import java.util.Optional;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a product's name and a Medication tell their strength, and how a strength is
 * rewritten: what a dose-change suggestion relies on to stay dispensable as written.
 */
class ProductStrengthTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", value = { "Naltrexone 4.5 mg capsule|4.5",
			"naltrexone 4500 mcg capsule|4.5", "naltrexone 4500 µg capsule|4.5", "Naltrexone 1500 micrograms|1.5",
			"naltrexone 0.0045 g capsule|4.5", "naltrexone 2 grams|2000", "Naltrexone 50 MG Oral Tablet|50",
			"Naltrexone 4.5 mg capsule (4.5 mg)|4.5", "Naltrexone 1 mg/mL oral suspension|null",
			"Naltrexone 1 mg per mL|null", "Naltrexone capsule|null", "Naltrexone 1.5 mg or 3 mg|null", "null|null" })
	void tellsTheOneStrengthANameGives(String text, BigDecimal mg) {
		Optional<BigDecimal> strength = ProductStrength.strengthIn(text);
		if (mg == null) {
			assertThat(strength).isEmpty();
		}
		else {
			assertThat(strength).hasValueSatisfying((found) -> assertThat(found).isEqualByComparingTo(mg));
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "Naltrexone 1 mg/mL oral suspension|1", "Naltrexone 0.5 mg per mL|0.5", "Naltrexone 5 mg/5 mL|1",
					"Naltrexone 1 mg/mL or 2 mg/mL|null", "Naltrexone 5 mg/0 mL|null", "Naltrexone 4.5 mg capsule|null",
					"null|null" })
	void tellsTheOneConcentrationANameGives(String text, BigDecimal mgPerMl) {
		Optional<BigDecimal> concentration = ProductStrength.concentrationIn(text);
		if (mgPerMl == null) {
			assertThat(concentration).isEmpty();
		}
		else {
			assertThat(concentration).hasValueSatisfying((found) -> assertThat(found).isEqualByComparingTo(mgPerMl));
		}
	}

	@Test
	void rewritesTheStrengthEverywhereTheNameGivesIt() {
		assertThat(ProductStrength.withStrength("Naltrexone 4.5 mg capsule (4.5 mg)", new BigDecimal("1.50")))
			.contains("Naltrexone 1.5 mg capsule (1.5 mg)");
		assertThat(ProductStrength.withStrength("Naltrexone capsule", BigDecimal.ONE)).contains("Naltrexone capsule");
		assertThat(ProductStrength.withStrength("Naltrexone 1.5 mg or 3 mg", BigDecimal.ONE))
			.as("which strength to change cannot be told")
			.isEmpty();
		assertThat(ProductStrength.withStrength(null, BigDecimal.ONE)).isEmpty();
	}

	@Test
	void tellsTheFormFromTheName() {
		assertThat(ProductStrength.formIn("Naltrexone 4.5 mg Capsules")).contains("capsule");
		assertThat(ProductStrength.formIn("naltrexone 50 MG Oral Tablet")).contains("tablet");
		assertThat(ProductStrength.formIn("naltrexone oral suspension")).isEmpty();
		assertThat(ProductStrength.formIn(null)).isEmpty();
		assertThat(ProductStrength.namesStrength(null)).isFalse();
	}

	@Test
	void tellsTheStrengthPerUnitOfAMedication() {
		assertThat(ProductStrength.unitStrengthOf(medication(mass("4.5", "mg"), count("1", "{capsule}"))))
			.hasValueSatisfying((mg) -> assertThat(mg).isEqualByComparingTo("4.5"));
		assertThat(ProductStrength.unitStrengthOf(medication(mass("9", "mg"), count("2", "capsule"))))
			.hasValueSatisfying((mg) -> assertThat(mg).isEqualByComparingTo("4.5"));
		assertThat(ProductStrength.unitStrengthOf(medication(mass("4500", "ug"), null))).as("µg by UCUM code")
			.satisfies((mg) -> assertThat(mg.isEmpty() || mg.get().compareTo(new BigDecimal("4.5")) == 0).isTrue());
		assertThat(ProductStrength.unitStrengthOf(medication(mass("1", "mg"), count("1", "mL"))))
			.as("a concentration is not a strength per unit")
			.isEmpty();
		assertThat(ProductStrength.unitStrengthOf(medication(mass("4.5", "mg"), count("0", "{capsule}")))).isEmpty();
		assertThat(ProductStrength.unitStrengthOf(new Medication())).isEmpty();
		Medication two = medication(mass("4.5", "mg"), null);
		two.addIngredient().setStrength(new Ratio().setNumerator(mass("1", "mg")));
		assertThat(ProductStrength.unitStrengthOf(two)).as("several ingredients").isEmpty();
		assertThat(ProductStrength.unitStrengthOf(medication(new Quantity().setUnit("mg"), null))).as("no value")
			.isEmpty();
	}

	@Test
	void tellsTheFormOfAMedicationFromItsFormCodeOrStrength() {
		Medication byForm = new Medication();
		byForm.getForm().addCoding().setDisplay("Capsule");
		assertThat(ProductStrength.formOf(byForm)).contains("capsule");
		Medication byName = new Medication().setCode(new CodeableConcept().setText("Naltrexone 4.5 mg tablet"));
		assertThat(ProductStrength.formOf(byName)).contains("tablet");
		assertThat(ProductStrength.formOf(medication(mass("4.5", "mg"), count("1", "capsule").setUnit("capsule"))))
			.contains("capsule");
		assertThat(ProductStrength.formOf(new Medication())).isEmpty();
	}

	@Test
	void changesAMedicationsStrengthPerUnit() {
		Medication medication = medication(mass("4.5", "mg"), count("2", "{capsule}"));
		medication.setCode(new CodeableConcept().setText("Naltrexone 4.5 mg capsule"));
		new ProductStrength(null).change(medication, new BigDecimal("1.5"));
		assertThat(medication.getCode().getText()).isEqualTo("Naltrexone 1.5 mg capsule");
		Quantity numerator = medication.getIngredientFirstRep().getStrength().getNumerator();
		assertThat(numerator.getValue()).isEqualByComparingTo("3");
		assertThat(numerator.getCode()).isEqualTo("mg");

		Medication liquid = medication(mass("1", "mg"), count("1", "mL"));
		new ProductStrength(null).change(liquid, new BigDecimal("1.5"));
		assertThat(liquid.getIngredientFirstRep().getStrength().getNumerator().getValue())
			.as("a concentration stays as it is")
			.isEqualByComparingTo("1");
	}

	@Test
	void aConceptKeepsTheCodingsOfTheNewStrengthOrOfNoStrengthAndLosesTheOthers() {
		CodeableConcept concept = new CodeableConcept();
		concept.addCoding().setSystem("rx").setCode("a").setDisplay("Naltrexone 4.5 MG Oral Capsule");
		concept.addCoding().setSystem("rx").setCode("b").setDisplay("Naltrexone 1.5 MG Oral Capsule");
		concept.addCoding().setSystem("rx").setCode("c").setDisplay("naltrexone");

		new ProductStrength(null).change(concept, new BigDecimal("1.5"));

		assertThat(concept.getCoding()).extracting("code").containsExactly("b", "c");
		assertThat(concept.getText()).as("named after the coding that went, at the new strength")
			.isEqualTo("Naltrexone 1.5 mg Oral Capsule");
	}

	@Test
	void aNameWithSeveralStrengthsSaysWhatTheStrengthIsNow() {
		CodeableConcept concept = new CodeableConcept().setText("Naltrexone 1.5 mg or 3 mg");

		new ProductStrength(null).change(concept, new BigDecimal("4.5"));

		assertThat(concept.getText()).isEqualTo("Naltrexone 1.5 mg or 3 mg (strength changed to 4.5 mg)");
		new ProductStrength(null).change(new CodeableConcept(), BigDecimal.ONE);
		new ProductStrength(null).change((CodeableConcept) null, BigDecimal.ONE);
	}

	@Test
	void writesADoseAsAPharmacistWould() {
		assertThat(ProductStrength.mgText(new BigDecimal("1.500"))).isEqualTo("1.5");
		assertThat(ProductStrength.mgText(new BigDecimal("3.0"))).isEqualTo("3");
		assertThat(ProductStrength.mgText(new BigDecimal("100"))).isEqualTo("100");
	}

	private static Medication medication(Quantity numerator, Quantity denominator) {
		Medication medication = new Medication();
		Ratio strength = new Ratio().setNumerator(numerator);
		if (denominator != null) {
			strength.setDenominator(denominator);
		}
		medication.addIngredient().setStrength(strength);
		return medication;
	}

	private static Quantity mass(String value, String code) {
		return new Quantity().setValue(new BigDecimal(value)).setUnit(code).setCode(code);
	}

	private static Quantity count(String value, String code) {
		return new Quantity().setValue(new BigDecimal(value)).setCode(code);
	}

}
