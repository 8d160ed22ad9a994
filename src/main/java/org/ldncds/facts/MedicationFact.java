package org.ldncds.facts;

import java.util.Collection;
import java.util.Set;

/**
 * One medication as the rules see it: what it is, how much is taken, and where it comes
 * from.
 *
 * @param id the reference naming the order ("MedicationRequest/123"; for a selected
 * draft, as the EHR selected it), used to target suggestions
 * @param name a human-readable name for cards
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
	 * The daily dose as the order writes it when it is taken once a day ("4.5 g"), else
	 * in mg ("4500 mg"); "an unknown dose" when unknown.
	 */
	public String dailyDoseAsWritten() {
		boolean onceADay = timesPerDay == null || timesPerDay == 1.0;
		return (onceADay && doseWritten != null && dailyDoseMg != null) ? doseWritten : doseText();
	}

	/**
	 * Whether the structured dose is written in this unit (as code or text), e.g. "g".
	 */
	public boolean isDoseWrittenIn(String... units) {
		if (doseWritten == null) {
			return false;
		}
		String unit = doseWritten.substring(doseWritten.indexOf(' ') + 1).strip();
		for (String each : units) {
			if (each.equalsIgnoreCase(unit)) {
				return true;
			}
		}
		return false;
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

	/** The daily dose for card text: "4.5 mg", "0.75 mg", or "an unknown dose". */
	public String doseText() {
		if (dailyDoseMg == null) {
			return "an unknown dose";
		}
		return java.math.BigDecimal.valueOf(dailyDoseMg).stripTrailingZeros().toPlainString() + " mg";
	}

	/** The daily dose for card text: "4.5 mg a day", or "dose unknown". */
	public String dailyDoseText() {
		return (dailyDoseMg == null) ? "dose unknown" : doseText() + " a day";
	}

	public boolean isDoseKnown() {
		return dailyDoseMg != null;
	}

	/**
	 * The names of the medications, comma separated, for card text, in at most
	 * {@code maxLength} characters: names that do not fit are counted ("oxycodone, +2
	 * more"), and a first name that does not fit is shortened ("acetaminophen 300 MG /
	 * butalbital 50 MG…").
	 */
	public static String names(Collection<?> medications, int maxLength) {
		return CardText.list(
				medications.stream().map(MedicationFact.class::cast).map(MedicationFact::name).distinct().toList(),
				maxLength);
	}

}
