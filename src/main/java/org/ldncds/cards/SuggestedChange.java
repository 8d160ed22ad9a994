package org.ldncds.cards;

import java.util.List;

import org.ldncds.knowledge.CardTemplate.DoseStep;

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
	 * day), with a product of that strength.
	 */
	record ChangeDose(String orderId, double doseMg, String label) implements SuggestedChange {
	}

	/**
	 * Change the draft order to a titration: each step a daily dose in mg taken once a
	 * day for a while, the last from then on; one FHIR {@code Dosage} per step.
	 */
	record Titrate(String orderId, List<DoseStep> steps, String label) implements SuggestedChange {

		public Titrate {
			steps = List.copyOf(steps);
			if (steps.isEmpty() || steps.get(steps.size() - 1).duration() != null) {
				throw new IllegalArgumentException("A titration ends with a step without a duration");
			}
		}

	}

}
