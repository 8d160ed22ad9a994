package org.ldncds.cards;

/**
 * A change a card proposes, in clinical terms, as its template declares it; the card
 * factory turns it into CDS Hooks actions on the right FHIR resource.
 */
sealed interface SuggestedChange {

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
