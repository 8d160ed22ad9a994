package org.ldncds.facts;

import java.util.Set;

/**
 * A current problem or diagnosis of the patient.
 *
 * @param id the FHIR id of the Condition
 * @param name a human-readable name for cards
 * @param valueSets ids of the knowledge-base value sets the condition belongs to
 */
public record ConditionFact(String id, String name, Set<String> valueSets) {

	public ConditionFact {
		valueSets = Set.copyOf(valueSets);
	}

	public boolean inValueSet(String valueSetId) {
		return valueSets.contains(valueSetId);
	}

}
