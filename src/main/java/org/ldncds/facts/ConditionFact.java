package org.ldncds.facts;

import java.util.Collection;
import java.util.Set;

/**
 * A current problem or diagnosis of the patient.
 *
 * @param id the FHIR id of the Condition
 * @param name a human-readable name for cards
 * @param valueSets ids of the knowledge-base value sets the condition belongs to
 * @param valueSetsByName the ids among {@code valueSets} that only its name put it in (no
 * code of the condition is in them), as a last resort
 */
public record ConditionFact(String id, String name, Set<String> valueSets, Set<String> valueSetsByName) {

	public ConditionFact {
		valueSets = Set.copyOf(valueSets);
		valueSetsByName = Set.copyOf(valueSetsByName);
	}

	/** A condition recognised by its codes alone. */
	public ConditionFact(String id, String name, Set<String> valueSets) {
		this(id, name, valueSets, Set.of());
	}

	public boolean inValueSet(String valueSetId) {
		return valueSets.contains(valueSetId);
	}

	/** In the value set by its name only, not by a code. */
	public boolean recognisedByName(String valueSetId) {
		return valueSetsByName.contains(valueSetId);
	}

	/**
	 * Whether every one of the conditions in the value set is in it by its name only, so
	 * that a card can say the record names the condition without a code it knows.
	 */
	public static boolean allRecognisedByName(Collection<?> conditions, String... valueSetIds) {
		boolean any = false;
		for (Object each : conditions) {
			ConditionFact condition = (ConditionFact) each;
			for (String valueSetId : valueSetIds) {
				if (condition.inValueSet(valueSetId)) {
					any = true;
					if (!condition.recognisedByName(valueSetId)) {
						return false;
					}
				}
			}
		}
		return any;
	}

}
