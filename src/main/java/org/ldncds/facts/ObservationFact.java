package org.ldncds.facts;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A dated observation whose code the knowledge base knows: a lab result (a urine opiate
 * screen, an hCG test) or a recorded status (pregnancy, breastfeeding).
 *
 * @param id the reference naming it, {@code Observation/123}
 * @param name what was observed, for cards ("Opiates [Presence] in Urine")
 * @param valueSets ids of the value sets holding its code
 * @param answerValueSets ids of the value sets holding its coded value ("Pregnant")
 * @param answer the value in words, or {@code null} when it has none
 * @param result whether the value or interpretation says positive or negative, or
 * {@code null} when it says neither
 * @param effectiveOn the day it was observed (taken, or else issued)
 * @param daysAgo days from {@code effectiveOn} to today
 */
public record ObservationFact(String id, String name, Set<String> valueSets, Set<String> answerValueSets, String answer,
		Result result, LocalDate effectiveOn, int daysAgo) {

	/** A qualitative result, as its value or interpretation states it. */
	public enum Result {

		POSITIVE, NEGATIVE

	}

	public ObservationFact {
		valueSets = Set.copyOf(valueSets);
		answerValueSets = Set.copyOf(answerValueSets);
	}

	public boolean inValueSet(String valueSetId) {
		return valueSets.contains(valueSetId);
	}

	/** Its coded value is in the value set. */
	public boolean answerIn(String valueSetId) {
		return answerValueSets.contains(valueSetId);
	}

	public boolean isPositive() {
		return result == Result.POSITIVE;
	}

	public boolean isNegative() {
		return result == Result.NEGATIVE;
	}

	/** Observed after the other observation (a later day). */
	public boolean isLaterThan(ObservationFact other) {
		return effectiveOn.isAfter(other.effectiveOn());
	}

	/** The day observed as written in cards ("2026-11-16"). */
	public String day() {
		return effectiveOn.toString();
	}

	/** How long ago it was observed. */
	public Recency recency() {
		return Recency.of(daysAgo);
	}

	/** The observations, the most recent first. */
	public static List<ObservationFact> mostRecentFirst(Collection<?> observations) {
		return observations.stream()
			.map(ObservationFact.class::cast)
			.distinct()
			.sorted(Comparator.comparingInt(ObservationFact::daysAgo).thenComparing(ObservationFact::id))
			.toList();
	}

}
