package org.ldncds.ldn;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.ldncds.facts.ConditionFact;
import org.ldncds.facts.DoseProblem;
import org.ldncds.facts.MedicationExposure;
import org.ldncds.facts.MedicationFact;
import org.ldncds.facts.MedicationRole;
import org.ldncds.facts.PatientFact;
import org.ldncds.facts.ReviewScope;

/**
 * Facts for rule tests, written as a clinician would say them: "LDN 4.5 mg ordered for a
 * patient on oxycodone". {@link KnowledgeHarness#advise(RuleFacts)} runs the rules on
 * them and makes the cards.
 *
 * <pre>
 * RuleFacts.orderSelect()
 *     .ordered(medication("ldn", "LDN 4.5 mg capsule", NALTREXONE).dailyDose(4.5))
 *     .onRecord(medication("oxy", "oxycodone 5 mg tablet", OPIOIDS))
 * </pre>
 *
 * Medication ids become {@code MedicationRequest/<id>}; each medication that is not on
 * the record is also a draft order, so that suggestions have an order to act on.
 */
final class RuleFacts {

	static final String NALTREXONE = "naltrexone-products";

	static final String OPIOIDS = "opioids";

	private final ReviewScope scope;

	private final List<MedicationFact> medications = new ArrayList<>();

	private final List<ConditionFact> conditions = new ArrayList<>();

	private final List<MedicationExposure> exposures = new ArrayList<>();

	private PatientFact patient;

	private RuleFacts(ReviewScope scope) {
		this.scope = scope;
	}

	/** An order being decided on (order-select, order-sign). */
	static RuleFacts orderSelect() {
		return new RuleFacts(ReviewScope.SELECTIONS);
	}

	/** The chart being opened (patient-view): nothing is under review. */
	static RuleFacts chart() {
		return new RuleFacts(ReviewScope.CHART);
	}

	static Medication medication(String id, String name, String... valueSets) {
		return new Medication(id, name, Set.of(valueSets));
	}

	/** The order under review. */
	RuleFacts ordered(Medication medication) {
		return with(medication, MedicationRole.UNDER_REVIEW);
	}

	/** Another draft of the same session, not under review. */
	RuleFacts otherDraft(Medication medication) {
		return with(medication, MedicationRole.OTHER_DRAFT);
	}

	/** A current order on the patient's record. */
	RuleFacts onRecord(Medication medication) {
		return with(medication, MedicationRole.ON_RECORD);
	}

	/** A current condition, recognised by a code in each value set. */
	RuleFacts condition(String id, String name, String... valueSets) {
		conditions.add(new ConditionFact("Condition/" + id, name, Set.of(valueSets)));
		return this;
	}

	/** A current condition the record names in words only, without a known code. */
	RuleFacts conditionNamed(String id, String name, String... valueSets) {
		conditions.add(new ConditionFact("Condition/" + id, name, Set.of(valueSets), Set.of(valueSets)));
		return this;
	}

	/**
	 * A record other than a current order that shows a medication: a statement, a
	 * dispense, an ended order.
	 */
	RuleFacts exposure(MedicationExposure exposure) {
		exposures.add(exposure);
		return this;
	}

	List<MedicationExposure> exposures() {
		return List.copyOf(exposures);
	}

	RuleFacts patientAged(Integer years) {
		patient = new PatientFact(years, "female");
		return this;
	}

	private RuleFacts with(Medication medication, MedicationRole role) {
		medications.add(medication.as(role));
		return this;
	}

	List<MedicationFact> medications() {
		return List.copyOf(medications);
	}

	List<ConditionFact> conditions() {
		return List.copyOf(conditions);
	}

	Optional<PatientFact> patient() {
		return Optional.ofNullable(patient);
	}

	ReviewScope scope() {
		return scope;
	}

	/**
	 * The draft orders of the session: a MedicationRequest for each medication not on the
	 * record, with its name and, when known, its dose once a day.
	 */
	Bundle drafts() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		for (MedicationFact medication : medications) {
			if (medication.isOnRecord()) {
				continue;
			}
			MedicationRequest draft = new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.DRAFT)
				.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
				.setMedication(new CodeableConcept().setText(medication.name()));
			draft.setId(medication.id().substring(medication.id().indexOf('/') + 1));
			if (medication.dailyDoseMg() != null) {
				double times = (medication.timesPerDay() == null) ? 1 : medication.timesPerDay();
				draft.addDosageInstruction()
					.setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent().setFrequency((int) times)
						.setPeriod(1)
						.setPeriodUnit(Timing.UnitsOfTime.D)))
					.addDoseAndRate()
					.setDose(new Quantity().setValue(BigDecimal.valueOf(medication.dailyDoseMg() / times))
						.setUnit("mg")
						.setSystem("http://unitsofmeasure.org")
						.setCode("mg"));
			}
			bundle.addEntry().setResource(draft);
		}
		return bundle;
	}

	/** A medication, before it is given its role. */
	static final class Medication {

		private final String id;

		private final String name;

		private final Set<String> valueSets;

		private Double dailyDoseMg;

		private Double timesPerDay;

		private Integer weeksSinceStart;

		private DoseProblem doseProblem;

		private Medication(String id, String name, Set<String> valueSets) {
			this.id = "MedicationRequest/" + id;
			this.name = name;
			this.valueSets = new HashSet<>(valueSets);
		}

		/** The total daily dose in mg. */
		Medication dailyDose(double mg) {
			this.dailyDoseMg = mg;
			return this;
		}

		Medication timesPerDay(double times) {
			this.timesPerDay = times;
			return this;
		}

		Medication weeksSinceStart(int weeks) {
			this.weeksSinceStart = weeks;
			return this;
		}

		/** Why the dose could not be read. */
		Medication doseUnreadable(DoseProblem.Kind kind, String subject) {
			this.doseProblem = new DoseProblem(kind, subject);
			return this;
		}

		MedicationFact as(MedicationRole role) {
			return new MedicationFact(id, name, valueSets, dailyDoseMg, timesPerDay, null, weeksSinceStart, role,
					doseProblem);
		}

	}

}
