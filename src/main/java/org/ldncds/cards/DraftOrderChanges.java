package org.ldncds.cards;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.ldncds.hooks.BundleReferences;
import org.ldncds.hooks.Action;

/**
 * Turns a suggested change into CDS Hooks actions on the draft order it concerns. An
 * update carries the whole changed resource, as CDS Hooks requires; the EHR's draft is
 * never modified in place.
 */
final class DraftOrderChanges {

	private static final String UCUM = "http://unitsofmeasure.org";

	private final FhirContext fhirContext;

	DraftOrderChanges(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/** The action for the change, or empty when the order is not a draft of this call. */
	Optional<Action> actionFor(SuggestedChange change, Bundle drafts) {
		if (change instanceof SuggestedChange.RemoveOrder remove) {
			return draft(drafts, remove.orderId())
				.map((order) -> Action.delete(remove.orderId(), "Remove the draft order " + remove.orderId()));
		}
		if (change instanceof SuggestedChange.ChangeDose dose) {
			return draft(drafts, dose.orderId()).map((order) -> withDose(order, dose.orderId(), dose.doseMg()));
		}
		return Optional.empty();
	}

	private Action withDose(MedicationRequest draft, String orderId, double doseMg) {
		MedicationRequest changed = draft.copy();
		Dosage dosage = changed.hasDosageInstruction() ? changed.getDosageInstructionFirstRep()
				: changed.addDosageInstruction();
		dosage.getDoseAndRate().clear();
		BigDecimal amount = BigDecimal.valueOf(doseMg).stripTrailingZeros();
		dosage.addDoseAndRate().setDose(new Quantity().setValue(amount).setUnit("mg").setSystem(UCUM).setCode("mg"));
		Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
		repeat.setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
		dosage.getTiming().setCode(null);
		if (dosage.hasText()) {
			// The old text would contradict the new dose.
			dosage.setText(null);
		}
		String json = fhirContext.newJsonParser().encodeResourceToString(changed);
		return Action.update(json, "Change " + orderId + " to " + amount.toPlainString() + " mg once daily");
	}

	/**
	 * The draft the order id names, in whatever form the EHR named it ({@code Type/id},
	 * its fullUrl, a versioned reference), resolved as every reference of the call is.
	 */
	private static Optional<MedicationRequest> draft(Bundle drafts, String orderId) {
		if (drafts == null) {
			return Optional.empty();
		}
		return BundleReferences.of(List.of(drafts))
			.resolve(orderId, null)
			.filter(MedicationRequest.class::isInstance)
			.map(MedicationRequest.class::cast);
	}

}
