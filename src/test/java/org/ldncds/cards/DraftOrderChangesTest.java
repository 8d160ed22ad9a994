package org.ldncds.cards;

import java.math.BigDecimal;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.hooks.Action;
import org.ldncds.knowledge.CardTemplate.DoseStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changed orders of suggestions can be dispensed as written: the product's strength
 * follows the dose, and a titration is one FHIR Dosage per step.
 */
class DraftOrderChangesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	/** A site's own drug codes: an example system, no real terminology. */
	private static final String LOCAL = "http://example.org/fhir/CodeSystem/local-drugs";

	private static final String UCUM = "http://unitsofmeasure.org";

	private static final List<DoseStep> NCT04678895 = List.of(new DoseStep(1.5, 1, "wk"), new DoseStep(3, 1, "wk"),
			new DoseStep(4.5, null, null));

	private final DraftOrderChanges changes = new DraftOrderChanges(FHIR, KnowledgeFixtures.knowledge().terminology());

	@Test
	void aDoseChangeChangesTheProductsStrengthAndKeepsIngredientCoding() {
		MedicationRequest draft = order("ldn-draft",
				new CodeableConcept().setText("Naltrexone 4.5 mg capsule (compounded)")
					.addCoding(new Coding(LOCAL, "ldn-4.5", "naltrexone 4.5 MG Oral Capsule"))
					.addCoding(new Coding(LOCAL, "naltrexone", "naltrexone")));
		draft.addDosageInstruction(dosage("Take 4.5 mg by mouth at bedtime", 4.5, "mg"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 1.5, "Start at 1.5 mg once daily"),
				draft);

		CodeableConcept product = changed.getMedicationCodeableConcept();
		assertThat(product.getText()).isEqualTo("Naltrexone 1.5 mg capsule (compounded)");
		assertThat(product.getCoding()).extracting(Coding::getCode).containsExactly("naltrexone");
		assertThat(changed.getDosageInstruction()).hasSize(1);
		Dosage dosage = changed.getDosageInstructionFirstRep();
		assertThat(dosage.getText()).isEqualTo("Take 1.5 mg (1 capsule) by mouth once a day at bedtime");
		assertThat(dosage.getDoseAndRateFirstRep().getDoseQuantity().getValue()).isEqualByComparingTo("1.5");
		assertThat(dosage.getDoseAndRateFirstRep().getDoseQuantity().getCode()).isEqualTo("mg");
		assertThat(dosage.hasSequence()).isFalse();
		assertThat(dosage.getTiming().getRepeat().getWhen()).extracting((when) -> when.getValue().toCode())
			.containsExactly("HS");
		// The EHR's draft is untouched.
		assertThat(draft.getMedicationCodeableConcept().getText()).isEqualTo("Naltrexone 4.5 mg capsule (compounded)");
	}

	@Test
	void aCodeWithoutDisplayIsJudgedByTheKnowledgeBaseDisplay() {
		// RxNorm 1483744 is "naltrexone hydrochloride 50 MG Oral Tablet" in the
		// naltrexone-products value set.
		MedicationRequest draft = order("ntx", new CodeableConcept().setText("Naltrexone 50 mg tablet")
			.addCoding(new Coding(RXNORM, "1483744", null)));
		draft.addDosageInstruction(dosage(null, 50, "mg"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ntx", 4.5, "Change to 4.5 mg once daily"), draft);

		assertThat(changed.getMedicationCodeableConcept().getText()).isEqualTo("Naltrexone 4.5 mg tablet");
		assertThat(changed.getMedicationCodeableConcept().getCoding()).isEmpty();
		assertThat(changed.getDosageInstructionFirstRep().getText()).isEqualTo("Take 4.5 mg (1 tablet) once a day");
	}

	@Test
	void aProductNamedOnlyByAStrengthCodeIsNamedByItWithTheNewStrength() {
		MedicationRequest draft = order("ntx", new CodeableConcept()
			.addCoding(new Coding(RXNORM, "1483744", "naltrexone hydrochloride 50 MG Oral Tablet")));
		draft.addDosageInstruction(dosage(null, 50, "mg"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ntx", 4.5, "Change to 4.5 mg once daily"), draft);

		assertThat(changed.getMedicationCodeableConcept().getCoding()).isEmpty();
		assertThat(changed.getMedicationCodeableConcept().getText())
			.isEqualTo("naltrexone hydrochloride 4.5 mg Oral Tablet");
	}

	@Test
	void aContainedMedicationsStrengthPerCapsuleFollowsTheDose() {
		Medication capsule = new Medication();
		capsule.setId("ldn");
		capsule.getCode().setText("Naltrexone 4.5 mg capsule (compounded)");
		capsule.addIngredient()
			.setItem(new CodeableConcept().setText("naltrexone hydrochloride"))
			.setStrength(new Ratio().setNumerator(mass(4.5, "mg")).setDenominator(new Quantity(1).setUnit("capsule")));
		MedicationRequest draft = order("ldn-draft", null);
		draft.addContained(capsule);
		draft.setMedication(new Reference("#ldn"));
		draft.addDosageInstruction(dosage(null, 4.5, "mg"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 1.5, "Start at 1.5 mg"), draft);

		Medication medication = (Medication) changed.getContained().get(0);
		assertThat(medication.getCode().getText()).isEqualTo("Naltrexone 1.5 mg capsule (compounded)");
		assertThat(medication.getIngredientFirstRep().getStrength().getNumerator().getValue())
			.isEqualByComparingTo("1.5");
		assertThat(changed.getDosageInstructionFirstRep().getText()).isEqualTo("Take 1.5 mg (1 capsule) once a day");
	}

	@Test
	void aMedicationElsewhereInTheCallIsContainedChanged() {
		Medication capsule = new Medication();
		capsule.setId("Medication/ldn-45");
		capsule.getCode().setText("LDN 4.5 mg capsule");
		MedicationRequest draft = order("ldn-draft", null);
		draft.setMedication(new Reference("Medication/ldn-45").setDisplay("LDN 4.5 mg capsule"));
		draft.addDosageInstruction(dosage(null, 4.5, "mg"));
		Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
		drafts.addEntry().setResource(draft);
		drafts.addEntry().setResource(capsule);

		MedicationRequest changed = parse(changes
			.actionFor(new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 1.5, "Start at 1.5 mg"), drafts)
			.orElseThrow());

		assertThat(changed.getMedicationReference().getReference()).isEqualTo("#ldn-45");
		assertThat(changed.getMedicationReference().getDisplay()).isEqualTo("LDN 1.5 mg capsule");
		assertThat(((Medication) changed.getContained().get(0)).getCode().getText()).isEqualTo("LDN 1.5 mg capsule");
	}

	@Test
	void aConcentrationStaysWhateverTheDose() {
		MedicationRequest draft = order("ldn-liquid",
				new CodeableConcept().setText("Naltrexone 1 mg/mL oral suspension (compounded)"));
		draft.addDosageInstruction(dosage("Take 6 mL by mouth at bedtime", 6, "mL"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-liquid", 4.5, "Change to 4.5 mg"), draft);

		assertThat(changed.getMedicationCodeableConcept().getText())
			.isEqualTo("Naltrexone 1 mg/mL oral suspension (compounded)");
		assertThat(changed.getDosageInstructionFirstRep().getText())
			.isEqualTo("Take 4.5 mg by mouth once a day at bedtime");
	}

	@Test
	void everyDosageLineOfTheDraftIsReplaced() {
		MedicationRequest draft = order("ldn-draft", new CodeableConcept().setText("Naltrexone 0.75 mg capsule"));
		draft.addDosageInstruction(dosage("0.75 mg in the morning", 0.75, "mg"));
		draft.addDosageInstruction(dosage("0.75 mg at bedtime", 0.75, "mg"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 1.5, "Take 1.5 mg once daily"), draft);

		assertThat(changed.getDosageInstruction()).hasSize(1);
		assertThat(changed.getMedicationCodeableConcept().getText()).isEqualTo("Naltrexone 1.5 mg capsule");
	}

	@Test
	void aTitrationIsOneDosagePerStepInSequenceWithTheStepsDuration() {
		MedicationRequest draft = order("ldn-draft",
				new CodeableConcept().setText("Naltrexone 4.5 mg capsule (compounded)"));
		draft.addDosageInstruction(dosage("Take 4.5 mg by mouth at bedtime", 4.5, "mg"));

		Action action = changes
			.actionFor(new SuggestedChange.Titrate("MedicationRequest/ldn-draft", NCT04678895,
					"Start at 1.5 mg and step up weekly to 4.5 mg"), drafts(draft))
			.orElseThrow();
		MedicationRequest changed = parse(action);

		assertThat(action.description())
			.isEqualTo("Change MedicationRequest/ldn-draft to 1.5 mg once daily for 1 week, "
					+ "then 3 mg once daily for 1 week, then 4.5 mg once daily");
		assertThat(changed.getMedicationCodeableConcept().getText())
			.isEqualTo("Naltrexone 1.5 mg capsule (compounded)");
		List<Dosage> steps = changed.getDosageInstruction();
		assertThat(steps).extracting(Dosage::getSequence).containsExactly(1, 2, 3);
		assertThat(steps)
			.extracting((step) -> step.getDoseAndRateFirstRep().getDoseQuantity().getValue().toPlainString())
			.containsExactly("1.5", "3", "4.5");
		assertThat(steps).extracting(Dosage::getText)
			.containsExactly("Take 1.5 mg (1 capsule) by mouth once a day at bedtime for 1 week",
					"Then take 3 mg (2 capsules) by mouth once a day at bedtime for 1 week",
					"Then take 4.5 mg (3 capsules) by mouth once a day at bedtime");
		for (Dosage step : steps.subList(0, 2)) {
			Duration bounds = step.getTiming().getRepeat().getBoundsDuration();
			assertThat(bounds.getValue()).isEqualByComparingTo("1");
			assertThat(bounds.getSystem()).isEqualTo(UCUM);
			assertThat(bounds.getCode()).isEqualTo("wk");
		}
		assertThat(steps.get(2).getTiming().getRepeat().hasBounds()).isFalse();
		steps.forEach((step) -> {
			Timing.TimingRepeatComponent repeat = step.getTiming().getRepeat();
			assertThat(repeat.getFrequency()).isEqualTo(1);
			assertThat(repeat.getPeriod()).isEqualByComparingTo("1");
			assertThat(repeat.getPeriodUnit()).isEqualTo(Timing.UnitsOfTime.D);
		});

		FhirValidator validator = validator();
		assertThat(errorsOf(validator, action.resource())).as("FHIR R4 structure of the titrated order").isEmpty();
		// The validator does find structure errors: a step's bounds in a unit that is not
		// UCUM (Duration drt-1), an order without its required status.
		steps.get(0).getTiming().getRepeat().getBoundsDuration().setSystem("http://example.org/units");
		changed.setStatus(null);
		assertThat(errorsOf(validator, FHIR.newJsonParser().encodeResourceToString(changed))).isNotEmpty();
	}

	@Test
	void aDoseChangeDispensesWhatCoversTheOriginalsDays() {
		// 90 capsules of 1.5 mg, 3 a day (4.5 mg): 30 days. At 3 mg the product is a 3 mg
		// capsule, one a day: 30 capsules.
		MedicationRequest draft = order("ldn-draft", new CodeableConcept().setText("Naltrexone 1.5 mg capsule"));
		draft.addDosageInstruction(dosage("Take 4.5 mg by mouth at bedtime", 4.5, "mg"));
		draft.getDispenseRequest().setQuantity(capsules(90));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 3, "Change to 3 mg once daily"), draft);

		Quantity quantity = changed.getDispenseRequest().getQuantity();
		assertThat(quantity.getValue()).isEqualByComparingTo("30");
		assertThat(quantity.getCode()).isEqualTo("{capsule}");
		assertThat(quantity.getUnit()).isEqualTo("capsule");
		assertThat(changed.getDispenseRequest().hasExpectedSupplyDuration()).isFalse();
		assertThat(draft.getDispenseRequest().getQuantity().getValue()).isEqualByComparingTo("90");
	}

	@Test
	void theExpectedSupplyDurationGivesTheDaysAndStays() {
		// Two 4.5 mg capsules a day as written, 28 of them, but a 28-day supply stated:
		// the stated days win.
		MedicationRequest draft = order("ldn-draft", new CodeableConcept().setText("Naltrexone 4.5 mg capsule"));
		draft.addDosageInstruction(dosage(null, 4.5, "mg"));
		draft.getDispenseRequest()
			.setQuantity(capsules(28))
			.setExpectedSupplyDuration(
					(Duration) new Duration().setValue(4).setUnit("weeks").setSystem(UCUM).setCode("wk"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 1.5, "Start at 1.5 mg"), draft);

		assertThat(changed.getDispenseRequest().getQuantity().getValue()).isEqualByComparingTo("28");
		Duration days = changed.getDispenseRequest().getExpectedSupplyDuration();
		assertThat(days.getValue()).isEqualByComparingTo("4");
		assertThat(days.getCode()).isEqualTo("wk");
	}

	@Test
	void theQuantityIsRoundedUpToWholeUnits() {
		// 45 capsules of 1.5 mg, two a day (3 mg): 22.5 days; one 3 mg capsule a day
		// needs 23.
		MedicationRequest draft = order("ldn-draft", new CodeableConcept().setText("Naltrexone 1.5 mg capsule"));
		draft.addDosageInstruction(dosage(null, 1.5, "mg"));
		draft.getDosageInstructionFirstRep().getTiming().getRepeat().setFrequency(2);
		draft.getDispenseRequest().setQuantity(capsules(45));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 3, "Take 3 mg once daily"), draft);

		assertThat(changed.getDispenseRequest().getQuantity().getValue()).isEqualByComparingTo("23");
	}

	@Test
	void aTitrationsQuantityCoversEachStepForItsDays() {
		// 30 capsules of 4.5 mg, one a day: 30 days. At 1.5 mg capsules: 1 a day for 7
		// days, 2 a day for 7, 3 a day for the 16 left: 7 + 14 + 48 = 69.
		MedicationRequest draft = order("ldn-draft",
				new CodeableConcept().setText("Naltrexone 4.5 mg capsule (compounded)"));
		draft.addDosageInstruction(dosage("Take 4.5 mg by mouth at bedtime", 4.5, "mg"));
		draft.getDispenseRequest()
			.setQuantity(capsules(30))
			.setNumberOfRepeatsAllowed(2)
			.setExpectedSupplyDuration(
					(Duration) new Duration().setValue(30).setUnit("days").setSystem(UCUM).setCode("d"));

		Action action = changes
			.actionFor(new SuggestedChange.Titrate("MedicationRequest/ldn-draft", NCT04678895,
					"Start at 1.5 mg and step up weekly to 4.5 mg"), drafts(draft))
			.orElseThrow();
		MedicationRequest changed = parse(action);

		assertThat(changed.getDispenseRequest().getQuantity().getValue()).isEqualByComparingTo("69");
		assertThat(changed.getDispenseRequest().getExpectedSupplyDuration().getValue()).isEqualByComparingTo("30");
		assertThat(changed.getDispenseRequest().getNumberOfRepeatsAllowed()).isEqualTo(2);
		assertThat(errorsOf(validator(), action.resource())).as("FHIR R4 structure of the titrated order").isEmpty();
	}

	@Test
	void aSupplyShorterThanTheTitrationCoversOnlyItsDays() {
		// 10 days: 1 capsule a day for 7, 2 a day for 3.
		assertThat(DispensedSupply.unitsFor(NCT04678895, new BigDecimal("1.5"), BigDecimal.TEN))
			.isEqualByComparingTo("13");
		// Days in steps of a week and of days together.
		assertThat(DispensedSupply.unitsFor(
				List.of(new DoseStep(1, 3, "d"), new DoseStep(1.5, 1, "wk"), new DoseStep(4.5, null, null)),
				new BigDecimal("0.5"), BigDecimal.valueOf(30)))
			.isEqualByComparingTo(String.valueOf(2 * 3 + 3 * 7 + 9 * 20));
	}

	@Test
	void aLiquidsMillilitresFollowTheDoseAtTheSameConcentration() {
		// 180 mL of 1 mg/mL, 6 mL a day: 30 days. At 4.5 mg a day: 4.5 mL a day, 135 mL.
		MedicationRequest draft = order("ldn-liquid",
				new CodeableConcept().setText("Naltrexone 1 mg/mL oral suspension (compounded)"));
		draft.addDosageInstruction(dosage("Take 6 mL by mouth at bedtime", 6, "mL"));
		draft.getDispenseRequest()
			.setQuantity(new Quantity().setValue(180).setUnit("mL").setSystem(UCUM).setCode("mL"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-liquid", 4.5, "Change to 4.5 mg"), draft);

		assertThat(changed.getDispenseRequest().getQuantity().getValue()).isEqualByComparingTo("135");
		assertThat(changed.getDispenseRequest().getQuantity().getCode()).isEqualTo("mL");
		assertThat(ProductStrength.concentrationIn("LDN 5 mg/5 mL")).contains(BigDecimal.ONE);
		assertThat(ProductStrength.concentrationIn("LDN 0.5 mg per mL suspension")).contains(new BigDecimal("0.5"));
		assertThat(ProductStrength.concentrationIn("LDN 4.5 mg capsule")).isEmpty();
	}

	@Test
	void aQuantityThatCannotBeRecomputedIsLeftAsWritten() {
		// A liquid whose concentration is not named: its millilitres cannot follow the
		// dose, and are left for the prescriber.
		MedicationRequest draft = order("ldn-liquid", new CodeableConcept().setText("Naltrexone oral suspension"));
		draft.addDosageInstruction(dosage(null, 6, "mL"));
		draft.getDispenseRequest()
			.setQuantity(new Quantity().setValue(180).setUnit("mL").setSystem(UCUM).setCode("mL"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-liquid", 4.5, "Change to 4.5 mg"), draft);

		assertThat(changed.getDispenseRequest().getQuantity().getValue()).isEqualByComparingTo("180");
	}

	@Test
	void anOrderWithoutAQuantityGetsNone() {
		MedicationRequest draft = order("ldn-draft", new CodeableConcept().setText("Naltrexone 4.5 mg capsule"));
		draft.addDosageInstruction(dosage(null, 4.5, "mg"));

		MedicationRequest changed = changedBy(
				new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 1.5, "Start at 1.5 mg"), draft);
		assertThat(changed.hasDispenseRequest()).isFalse();

		draft.getDispenseRequest().setNumberOfRepeatsAllowed(1);
		changed = changedBy(new SuggestedChange.ChangeDose("MedicationRequest/ldn-draft", 1.5, "Start at 1.5 mg"),
				draft);
		assertThat(changed.getDispenseRequest().hasQuantity()).isFalse();
		assertThat(changed.getDispenseRequest().getNumberOfRepeatsAllowed()).isEqualTo(1);
	}

	private static List<String> errorsOf(FhirValidator validator, String json) {
		ValidationResult result = validator.validateWithResult(json);
		return result.getMessages()
			.stream()
			.filter((message) -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
			.map(SingleValidationMessage::toString)
			.toList();
	}

	@Test
	void theStrengthOfATitrationIsTheLargestThatMakesEveryStepWholeUnits() {
		assertThat(DraftOrderChanges.commonStrength(NCT04678895)).isEqualByComparingTo("1.5");
		assertThat(DraftOrderChanges.commonStrength(
				List.of(new DoseStep(1, 1, "wk"), new DoseStep(1.5, 2, "d"), new DoseStep(4.5, null, null))))
			.isEqualByComparingTo("0.5");
		assertThat(DraftOrderChanges.commonStrength(List.of(new DoseStep(4.5, null, null))))
			.isEqualByComparingTo("4.5");
	}

	@Test
	void strengthsInNamesAreReadAsMassPerUnit() {
		assertThat(ProductStrength.strengthIn("LDN 4500 mcg capsule")).contains(new BigDecimal("4.500"));
		assertThat(ProductStrength.strengthIn("Naltrexone 1 mg/mL suspension")).isEmpty();
		assertThat(ProductStrength.strengthIn("Naltrexone 1 mg per mL suspension")).isEmpty();
		assertThat(ProductStrength.withStrength("LDN 3mg capsule", new BigDecimal("1.5")))
			.contains("LDN 1.5 mg capsule");
		assertThat(ProductStrength.withStrength("LDN capsule", new BigDecimal("1.5"))).contains("LDN capsule");
		// Two different strengths: which to change cannot be told.
		assertThat(ProductStrength.withStrength("Naltrexone 4.5 mg or 3 mg capsule", new BigDecimal("1.5"))).isEmpty();
	}

	private MedicationRequest changedBy(SuggestedChange change, MedicationRequest draft) {
		return parse(changes.actionFor(change, drafts(draft)).orElseThrow());
	}

	private static MedicationRequest parse(Action action) {
		assertThat(action.type()).isEqualTo("update");
		return FHIR.newJsonParser().parseResource(MedicationRequest.class, action.resource());
	}

	private static Bundle drafts(MedicationRequest draft) {
		Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
		drafts.addEntry().setResource(draft);
		return drafts;
	}

	private static MedicationRequest order(String id, CodeableConcept product) {
		MedicationRequest order = new MedicationRequest();
		order.setId(id);
		order.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
		order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		order.setSubject(new Reference("Patient/example-patient"));
		if (product != null) {
			order.setMedication(product);
		}
		return order;
	}

	private static Dosage dosage(String text, double value, String unit) {
		Dosage dosage = new Dosage().setText(text);
		Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
		repeat.setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
		if (text != null && text.contains("bedtime")) {
			repeat.addWhen(Timing.EventTiming.HS);
		}
		dosage.addDoseAndRate().setDose(mass(value, unit));
		return dosage;
	}

	private static Quantity capsules(int count) {
		return new Quantity().setValue(count).setUnit("capsule").setSystem(UCUM).setCode("{capsule}");
	}

	private static Quantity mass(double value, String unit) {
		return new Quantity().setValue(BigDecimal.valueOf(value)).setUnit(unit).setSystem(UCUM).setCode(unit);
	}

	private static FhirValidator validator() {
		ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR),
				new SnapshotGeneratingValidationSupport(FHIR), new InMemoryTerminologyServerValidationSupport(FHIR),
				new CommonCodeSystemsTerminologyService(FHIR));
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		module.setNoTerminologyChecks(true);
		FhirValidator validator = FHIR.newValidator();
		validator.registerValidatorModule(module);
		return validator;
	}

}
