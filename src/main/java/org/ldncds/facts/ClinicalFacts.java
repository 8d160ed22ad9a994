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
 */
public record ClinicalFacts(List<MedicationFact> medications, List<ConditionFact> conditions,
		List<IndicationFact> indications, Optional<PatientFact> patient, boolean chartReview) {

	public ClinicalFacts {
		medications = List.copyOf(medications);
		conditions = List.copyOf(conditions);
		indications = List.copyOf(indications);
	}

	/** Every fact, ready to insert into a rule session. */
	public List<Object> all() {
		List<Object> all = new ArrayList<>(medications);
		all.addAll(conditions);
		all.addAll(indications);
		patient.ifPresent(all::add);
		if (chartReview) {
			all.add(new ChartReview());
		}
		return all;
	}

}
