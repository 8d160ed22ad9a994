package org.ldncds.facts;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * One place the record shows a state such as pregnancy or breastfeeding: a current
 * condition, a recent encounter diagnosis, a status observation, a positive test. Its
 * fields are what a card shows of it.
 *
 * @param kind where it is recorded
 * @param id the record, {@code Condition/…} or {@code Observation/…}
 * @param name the condition's or the observation's name
 * @param answer an observation's value in words, or {@code null}
 * @param day the day recorded or observed ("2026-10-31"), or {@code null} for a current
 * condition
 * @param daysAgo days since that day; 0 for a current condition
 * @param recognisedByName whether only its name (no code) put it in the value set
 */
public record StatusEvidence(Kind kind, String id, String name, String answer, String day, int daysAgo,
		boolean recognisedByName) {

	/** Where the record shows the state. */
	public enum Kind {

		CONDITION, ENCOUNTER_DIAGNOSIS, STATUS, POSITIVE_TEST

	}

	public static StatusEvidence of(ConditionFact condition, String valueSet) {
		return new StatusEvidence(Kind.CONDITION, condition.id(), condition.name(), null, null, 0,
				condition.recognisedByName(valueSet));
	}

	public static StatusEvidence of(EncounterDiagnosis diagnosis, String valueSet) {
		return new StatusEvidence(Kind.ENCOUNTER_DIAGNOSIS, diagnosis.id(), diagnosis.name(), null,
				diagnosis.recordedOn().toString(), diagnosis.daysAgo(),
				diagnosis.condition().recognisedByName(valueSet));
	}

	/** A status observation ("Pregnancy status: Pregnant"). */
	public static StatusEvidence status(ObservationFact observation) {
		return new StatusEvidence(Kind.STATUS, observation.id(), observation.name(), observation.answer(),
				observation.day(), observation.daysAgo(), false);
	}

	/** A positive test (an hCG pregnancy test). */
	public static StatusEvidence positiveTest(ObservationFact observation) {
		return new StatusEvidence(Kind.POSITIVE_TEST, observation.id(), observation.name(), observation.answer(),
				observation.day(), observation.daysAgo(), false);
	}

	/** How long ago it was recorded; {@code null} for a current condition. */
	public Recency recency() {
		return (kind == Kind.CONDITION) ? null : Recency.of(daysAgo);
	}

	/** The evidence, the most recent first, then by name. */
	public static List<StatusEvidence> mostRecentFirst(Collection<?> evidence) {
		return evidence.stream()
			.map(StatusEvidence.class::cast)
			.distinct()
			.sorted(Comparator.comparingInt(StatusEvidence::daysAgo)
				.thenComparing(StatusEvidence::name)
				.thenComparing(StatusEvidence::id))
			.toList();
	}

	/** Whether every piece of evidence is in the value set by its name only. */
	public static boolean allRecognisedByName(Collection<?> evidence) {
		return !evidence.isEmpty()
				&& evidence.stream().map(StatusEvidence.class::cast).allMatch(StatusEvidence::recognisedByName);
	}

}
