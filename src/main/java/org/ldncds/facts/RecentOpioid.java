package org.ldncds.facts;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An opioid taken inside the opioid-free interval that naltrexone needs, by a record
 * other than a current order; the rules decide the interval. Its fields are what a card
 * shows of it.
 *
 * @param exposure the record of the opioid
 * @param intervalDays the opioid-free interval that applies to it, in days
 */
public record RecentOpioid(MedicationExposure exposure, int intervalDays) {

	public String id() {
		return exposure.id();
	}

	public String name() {
		return exposure.name();
	}

	/** The record's resource type: MedicationRequest, MedicationStatement… */
	public String record() {
		return exposure.record();
	}

	public String status() {
		return exposure.status();
	}

	public MedicationExposure.State state() {
		return exposure.state();
	}

	/** The day it ended (or ends), or {@code null} when it is taken now with no end. */
	public String day() {
		return exposure.endDay();
	}

	/** Days since it ended, or {@code null} when it is taken now with no end. */
	public Integer daysAgo() {
		return exposure.daysSinceEnd();
	}

	/** How long ago it ended, or {@code null} when it is taken now with no end. */
	public Recency recency() {
		return (exposure.daysSinceEnd() == null) ? null : Recency.of(exposure.daysSinceEnd());
	}

	/** What the end date rests on: a card words it briefly ("ended", "dispensed"). */
	public MedicationExposure.EndBasis basis() {
		return exposure.endBasis();
	}

	/**
	 * What the end date rests on, again: a card explains it ("the end of the order's
	 * validity period") in a table of its own.
	 */
	public MedicationExposure.EndBasis dated() {
		return exposure.endBasis();
	}

	/**
	 * The last day of the interval ("2026-11-28"), or {@code null} while the opioid is
	 * still taken.
	 */
	public String intervalEnds() {
		return exposure.isOngoing() ? null : exposure.endedOn().plusDays(intervalDays).toString();
	}

	/** Whether its end date rests only on when the record was last changed or made. */
	public boolean isDatedByTheRecord() {
		return exposure.endBasis() == MedicationExposure.EndBasis.LAST_UPDATE
				|| exposure.endBasis() == MedicationExposure.EndBasis.ASSERTED;
	}

	/** The opioids, the most recently taken first. */
	public static List<RecentOpioid> mostRecentFirst(Collection<?> recent) {
		return recent.stream()
			.map(RecentOpioid.class::cast)
			.distinct()
			.sorted(Comparator
				.comparing(RecentOpioid::daysAgo, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
				.thenComparing(RecentOpioid::id))
			.toList();
	}

	/** Whether any of them is dated only by when its record was last changed or made. */
	public static boolean anyDatedByTheRecord(Collection<?> recent) {
		return recent.stream().map(RecentOpioid.class::cast).anyMatch(RecentOpioid::isDatedByTheRecord);
	}

}
