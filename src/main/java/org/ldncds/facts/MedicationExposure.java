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
		NOT_ENDED("recorded as taken now, with no end date"),

		/** The end of the order's dispense validity period. */
		VALIDITY_PERIOD("the end of the order's validity period"),

		/** The end of the dosage's bounds period. */
		DOSAGE_PERIOD("the end date of the order's dosage"),

		/** The last update of the record, for a record that gives no end date. */
		LAST_UPDATE("the record's last update, as no end date is recorded"),

		/**
		 * The day the order was written: it ended on or after that day, so the interval
		 * since is at most this.
		 */
		WRITTEN("the day the order was written: no end date is recorded, and it ended on or after that day"),

		/**
		 * The day a statement says use started: it ended on or after that day, so the
		 * interval since is at most this.
		 */
		STARTED("the day use started: no end date is recorded, and it ended on or after that day"),

		/** The end of the period a statement says it was taken. */
		EFFECTIVE_PERIOD("the end of the period the statement gives"),

		/** The time a statement says it was taken. */
		EFFECTIVE_TIME("the time the statement says it was taken"),

		/** The day the statement was made, for a statement that gives no date. */
		ASSERTED("the day the statement was made, as no date of use is recorded"),

		/** Handed over (or prepared) plus the days' supply. */
		SUPPLY("the day dispensed plus the days' supply"),

		/** The day dispensed, when no days' supply is recorded. */
		DISPENSED("the day dispensed, as no days' supply is recorded");

		private final String text;

		EndBasis(String text) {
			this.text = text;
		}

		/** The basis in words, for cards. */
		public String text() {
			return text;
		}

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

	/** Not yet ended: taken now with no end, or a supply that runs beyond today. */
	public boolean isOngoing() {
		return endedOn == null || daysSinceEnd < 0;
	}

	/**
	 * The first day after an interval of this many days since the end, or {@code null}
	 * when it has not ended.
	 */
	public LocalDate dayAfterInterval(int days) {
		return isOngoing() ? null : endedOn.plusDays(days + 1L);
	}

	/**
	 * When, in words: "ended 2026-11-18, 3 days ago", "supply lasts until 2026-11-25".
	 */
	public String whenText() {
		if (endedOn == null) {
			return "intended".equals(status) ? "recorded as intended" : "recorded as taken now";
		}
		if (daysSinceEnd < 0) {
			return (endBasis == EndBasis.SUPPLY ? "supply lasts until " : "ends ") + endedOn;
		}
		String ago = switch (daysSinceEnd) {
			case 0 -> "today";
			case 1 -> "yesterday";
			default -> daysSinceEnd + " days ago";
		};
		String what = switch (endBasis) {
			case WRITTEN -> "written ";
			case STARTED -> "started ";
			case DISPENSED -> "dispensed ";
			case SUPPLY -> "supply ran out ";
			default -> "ended ";
		};
		return what + endedOn + ", " + ago;
	}

	/**
	 * When, in a few words for a summary: "ended 3 days ago", "taken now", "supply until
	 * 2026-11-25", "dispensed yesterday".
	 */
	public String whenShort() {
		if (endedOn == null) {
			return "intended".equals(status) ? "intended" : "taken now";
		}
		if (daysSinceEnd < 0) {
			return (endBasis == EndBasis.SUPPLY ? "supply until " : "until ") + endedOn;
		}
		String what = switch (endBasis) {
			case WRITTEN -> "written";
			case STARTED -> "started";
			case DISPENSED -> "dispensed";
			case SUPPLY -> "supply ran out";
			default -> "ended";
		};
		return what + switch (daysSinceEnd) {
			case 0 -> " today";
			case 1 -> " yesterday";
			default -> " " + daysSinceEnd + " days ago";
		};
	}

	/**
	 * The record in words: "order, stopped", "medication statement, active", "dispense".
	 */
	public String recordText() {
		return switch (record) {
			case "MedicationStatement" -> "medication statement, " + status;
			case "MedicationDispense" -> "dispense, " + status;
			default -> "order, " + status;
		};
	}

	/**
	 * The exposures, the most recent first: those taken now, then by the latest end.
	 */
	public static List<MedicationExposure> mostRecentFirst(Collection<?> exposures) {
		return exposures.stream()
			.map(MedicationExposure.class::cast)
			.distinct()
			.sorted(Comparator.comparing((MedicationExposure exposure) -> (exposure.daysSinceEnd() == null)
					? Integer.MIN_VALUE : exposure.daysSinceEnd())
				.thenComparing(MedicationExposure::id))
			.toList();
	}

	/** The names, most recent first, comma separated, in at most {@code maxLength}. */
	public static String names(Collection<?> exposures, int maxLength) {
		return CardText.list(mostRecentFirst(exposures).stream().map(MedicationExposure::name).distinct().toList(),
				maxLength);
	}

}
