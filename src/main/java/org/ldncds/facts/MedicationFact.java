package org.ldncds.facts;

import java.util.Set;

/**
 * One medication as the rules see it: what it is, how much is taken, and where it comes
 * from.
 *
 * @param id the reference naming the order ("MedicationRequest/123"; for a selected
 * draft, as the EHR selected it), used to target suggestions
 * @param name a human-readable name for cards (a template shows a medication by it)
 * @param valueSets ids of the knowledge-base value sets the drug belongs to
 * @param dailyDoseMg the total daily dose in milligrams (one administration a day when
 * the timing does not say), or {@code null} when it cannot be determined
 * @param timesPerDay how many times a day it is taken, or {@code null} when unknown
 * @param route the route of administration as written, or {@code null}
 * @param weeksSinceStart completed weeks since the order was written, or {@code null}
 * @param role whether this is the order under review, another draft, or on the record
 * @param doseProblem why the dose could not be read, or {@code null} when it was
 * @param doseWritten one administration's structured dose as the order writes it ("4.5
 * g", "4500 mcg", "2 capsule"), or {@code null} when the order has none
 */
public record MedicationFact(String id, String name, Set<String> valueSets, Double dailyDoseMg, Double timesPerDay,
		String route, Integer weeksSinceStart, MedicationRole role, DoseProblem doseProblem, String doseWritten) {

	public MedicationFact {
		valueSets = Set.copyOf(valueSets);
		if (dailyDoseMg != null) {
			doseProblem = null;
		}
		else if (doseProblem == null) {
			doseProblem = new DoseProblem(DoseProblem.Kind.NO_DOSE, "");
		}
	}

	/** A medication whose dose, when unknown, is unknown for no stated reason. */
	public MedicationFact(String id, String name, Set<String> valueSets, Double dailyDoseMg, Double timesPerDay,
			String route, Integer weeksSinceStart, MedicationRole role) {
		this(id, name, valueSets, dailyDoseMg, timesPerDay, route, weeksSinceStart, role, null, null);
	}

	/** A medication whose written dose is not kept. */
	public MedicationFact(String id, String name, Set<String> valueSets, Double dailyDoseMg, Double timesPerDay,
			String route, Integer weeksSinceStart, MedicationRole role, DoseProblem doseProblem) {
		this(id, name, valueSets, dailyDoseMg, timesPerDay, route, weeksSinceStart, role, doseProblem, null);
	}

	/**
	 * The structured dose as written when it is the daily dose (taken once a day): "4.5
	 * g"; else {@code null}.
	 */
	public String dailyDoseWritten() {
		boolean onceADay = timesPerDay == null || timesPerDay == 1.0;
		return (onceADay && dailyDoseMg != null) ? doseWritten : null;
	}

	public boolean inValueSet(String valueSetId) {
		return valueSets.contains(valueSetId);
	}

	/** The order the clinician is deciding on now. */
	public boolean isUnderReview() {
		return role == MedicationRole.UNDER_REVIEW;
	}

	/** On the patient's record, as opposed to a draft of the ordering session. */
	public boolean isOnRecord() {
		return role == MedicationRole.ON_RECORD;
	}

	public boolean isDoseKnown() {
		return dailyDoseMg != null;
	}

}
