package org.ldncds.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the rules may reason about for one call.
 *
 * @param medications current and draft medication orders
 * @param conditions current conditions
 * @param indications the conditions for which LDN has been studied
 * @param patient the patient's demographics, when the record has them
 * @param chartReview whether the chart is being reviewed rather than an order decided
 * @param exposures medications taken recently or now by records other than current
 * orders: ended orders, statements, dispenses
 * @param observations dated observations whose codes the knowledge base knows
 * @param encounterDiagnoses diagnoses recorded without a clinical status, with their
 * dates
 */
public record ClinicalFacts(List<MedicationFact> medications, List<ConditionFact> conditions,
		List<IndicationFact> indications, Optional<PatientFact> patient, boolean chartReview,
		List<MedicationExposure> exposures, List<ObservationFact> observations,
		List<EncounterDiagnosis> encounterDiagnoses) {

	public ClinicalFacts {
		medications = List.copyOf(medications);
		conditions = List.copyOf(conditions);
		indications = List.copyOf(indications);
		exposures = List.copyOf(exposures);
		observations = List.copyOf(observations);
		encounterDiagnoses = List.copyOf(encounterDiagnoses);
	}

	/** Facts from current orders and conditions only. */
	public ClinicalFacts(List<MedicationFact> medications, List<ConditionFact> conditions,
			List<IndicationFact> indications, Optional<PatientFact> patient, boolean chartReview) {
		this(medications, conditions, indications, patient, chartReview, List.of(), List.of(), List.of());
	}

	/** Every fact, ready to insert into a rule session. */
	public List<Object> all() {
		List<Object> all = new ArrayList<>(medications);
		all.addAll(conditions);
		all.addAll(indications);
		all.addAll(exposures);
		all.addAll(observations);
		all.addAll(encounterDiagnoses);
		patient.ifPresent(all::add);
		if (chartReview) {
			all.add(new ChartReview());
		}
		return all;
	}

}
