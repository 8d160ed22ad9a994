package org.ldncds.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything the rules may reason about for one call. */
public record ClinicalFacts(List<MedicationFact> medications, List<ConditionFact> conditions,
		Optional<PatientFact> patient) {

	public ClinicalFacts {
		medications = List.copyOf(medications);
		conditions = List.copyOf(conditions);
	}

	/** Every fact, ready to insert into a rule session. */
	public List<Object> all() {
		List<Object> all = new ArrayList<>(medications);
		all.addAll(conditions);
		patient.ifPresent(all::add);
		return all;
	}

}
