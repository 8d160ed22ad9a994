package org.ldncds.facts;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A medication the patient took recently or takes now, by a record other than a current
 * order: an order that ended (completed or stopped), a medication statement, or a
 * dispense. Rules judge how recent is recent enough to matter; this says when it ended
 * and which record shows it.
 *
 * @param id the record, {@code MedicationRequest/123}, {@code MedicationStatement/…} or
 * {@code MedicationDispense/…}
 * @param name a human-readable name for cards
 * @param valueSets ids of the knowledge-base value sets the drug belongs to
 * @param record the record's resource type
 * @param status the record's status code as written (stopped, completed, active …)
 * @param endedOn the day it ended or will end (a dispensed supply running out), or
 * {@code null} when the record says it is taken now with no end
 * @param daysSinceEnd days from {@code endedOn} to today, negative when it ends in the
 * future; {@code null} with {@code endedOn}
 * @param endBasis what the end date rests on, for cards
 */
public record MedicationExposure(String id, String name, Set<String> valueSets, String record, String status,
		LocalDate endedOn, Integer daysSinceEnd, EndBasis endBasis) {

	/** What the end date of an exposure rests on. */
	public enum EndBasis {

		/** A statement says it is taken now (or intended), with no end. */
		NOT_ENDED,

		/** The end of the order's dispense validity period. */
		VALIDITY_PERIOD,

		/** The end of the dosage's bounds period. */
		DOSAGE_PERIOD,

		/** The last update of the record, for a record that gives no end date. */
		LAST_UPDATE,

		/**
		 * The day the order was written: it ended on or after that day, so the interval
		 * since is at most this.
		 */
		WRITTEN,

		/**
		 * The day a statement says use started: it ended on or after that day, so the
		 * interval since is at most this.
		 */
		STARTED,

		/** The end of the period a statement says it was taken. */
		EFFECTIVE_PERIOD,

		/** The time a statement says it was taken. */
		EFFECTIVE_TIME,

		/** The day the statement was made, for a statement that gives no date. */
		ASSERTED,

		/** Handed over (or prepared) plus the days' supply. */
		SUPPLY,

		/** The day dispensed, when no days' supply is recorded. */
		DISPENSED

	}

	public MedicationExposure {
		valueSets = Set.copyOf(valueSets);
		if ((endedOn == null) != (daysSinceEnd == null)) {
			throw new IllegalArgumentException("endedOn and daysSinceEnd go together");
		}
	}

	public boolean inValueSet(String valueSetId) {
		return valueSets.contains(valueSetId);
	}

	/** Taken now, or ended at most this many days ago (today counts as 0). */
	public boolean endedWithin(int days) {
		return endedOn == null || daysSinceEnd <= days;
	}

	/**
	 * Where it stands: taken now (or intended) with no end, running until a day to come,
	 * or ended.
	 */
	public State state() {
		if (endedOn == null) {
			return "intended".equals(status) ? State.INTENDED : State.TAKEN_NOW;
		}
		return (daysSinceEnd < 0) ? State.RUNS_UNTIL : State.ENDED;
	}

	/** Where an exposure stands, as a word a card template turns into text. */
	public enum State {

		TAKEN_NOW, INTENDED, RUNS_UNTIL, ENDED

	}

	/** The end day as written in cards , or {@code null} without one. */
	public String endDay() {
		return (endedOn == null) ? null : endedOn.toString();
	}

	/** Not yet ended: taken now with no end, or a supply that runs beyond today. */
	public boolean isOngoing() {
		return endedOn == null || daysSinceEnd < 0;
	}

	/**
	 * The exposures, the most recent first: those taken now, then by the latest end.
	 */
	public static List<MedicationExposure> mostRecentFirst(Collection<?> exposures) {
		return exposures.stream()
			.map(MedicationExposure.class::cast)
			.distinct()
			.sorted(Comparator
				.comparing(MedicationExposure::daysSinceEnd, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
				.thenComparing(MedicationExposure::id))
			.toList();
	}

}
