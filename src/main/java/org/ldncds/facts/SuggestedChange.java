package org.ldncds.facts;

/**
 * A change a rule proposes, in clinical terms; the card factory turns it into CDS Hooks
 * actions on the right FHIR resource.
 */
public sealed interface SuggestedChange {

	/** The order the change applies to, e.g. {@code MedicationRequest/ldn-draft}. */
	String orderId();

	/** The button text. */
	String label();

	/** Take the draft order out of the ordering session. */
	record RemoveOrder(String orderId, String label) implements SuggestedChange {
	}

	/**
	 * Change the draft order to this dose in mg, taken once a day (keeping its time of
	 * day).
	 */
	record ChangeDose(String orderId, double doseMg, String label) implements SuggestedChange {
	}

}
