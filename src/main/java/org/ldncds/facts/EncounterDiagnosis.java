package org.ldncds.facts;

import java.time.LocalDate;

/**
 * A diagnosis recorded at an encounter without a clinical status (FHIR allows that for
 * category {@code encounter-diagnosis}): it may or may not still hold, so rules count it
 * only when it is recent enough for the condition at hand.
 *
 * @param condition the diagnosis, recognised as a current condition would be
 * @param recordedOn the latest of its onset and recorded dates
 * @param daysAgo days from {@code recordedOn} to today
 */
public record EncounterDiagnosis(ConditionFact condition, LocalDate recordedOn, int daysAgo) {

	public boolean inValueSet(String valueSetId) {
		return condition.inValueSet(valueSetId);
	}

	public String id() {
		return condition.id();
	}

	public String name() {
		return condition.name();
	}

}
