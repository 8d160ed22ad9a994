package org.ldncds.cards;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.BundleReferences;
import org.ldncds.knowledge.CardTemplate.DoseStep;
import org.ldncds.knowledge.Terminology;

/**
 * Turns a suggested change into CDS Hooks actions on the draft order it concerns. An
 * update carries the whole changed resource, as CDS Hooks requires; the EHR's draft is
 * never modified in place.
 * <p>
 * A changed order can be dispensed as written: the product's strength follows the new
 * dose (a "4.5 mg capsule" order changed to 1.5 mg becomes a "1.5 mg capsule" order, its
 * strength-specific codes taken off, a contained or referenced Medication changed
 * likewise), each dosage line's text says what its structure says, and a titration is one
 * {@code Dosage} per step, in {@code sequence}, each step but the last bounded by
 * {@code timing.repeat.boundsDuration}. The quantity dispensed covers the days the
 * original order covered ({@link DispensedSupply}).
 */
final class DraftOrderChanges {

	private static final String UCUM = "http://unitsofmeasure.org";

	private static final String SNOMED = "http://snomed.info/sct";

	/** SNOMED CT "Oral route". */
	private static final String ORAL_ROUTE = "26643006";

	/** Words for the times of day of {@code timing.repeat.when} an LDN order uses. */
	private static final Map<String, String> WHEN = Map.of("HS", "at bedtime", "MORN", "in the morning", "AFT",
			"in the afternoon", "EVE", "in the evening", "NIGHT", "at night", "WAKE", "on waking", "C", "with a meal",
			"AC", "before a meal", "PC", "after a meal");

	/** Words of a dosage text that say the medicine is taken by mouth. */
	private static final Pattern ORAL_WORDS = Pattern.compile("\\b(by mouth|orally|oral|p\\.?o\\.?)(?![\\w.])",
			Pattern.CASE_INSENSITIVE);

	private final FhirContext fhirContext;

	private final ProductStrength products;

	DraftOrderChanges(FhirContext fhirContext, Terminology terminology) {
		this.fhirContext = fhirContext;
		this.products = new ProductStrength(terminology);
	}

	/** The action for the change, or empty when the order is not a draft of this call. */
	Optional<Action> actionFor(SuggestedChange change, Bundle drafts) {
		if (change instanceof SuggestedChange.RemoveOrder remove) {
			return draft(drafts, remove.orderId())
				.map((order) -> Action.delete(remove.orderId(), "Remove the draft order " + remove.orderId()));
		}
		if (change instanceof SuggestedChange.ChangeDose dose) {
			List<DoseStep> steps = List.of(new DoseStep(dose.doseMg(), null, null));
			return draft(drafts, dose.orderId())
				.map((order) -> update(changed(order, drafts, steps), dose.orderId(), steps));
		}
		if (change instanceof SuggestedChange.Titrate titrate) {
			return draft(drafts, titrate.orderId())
				.map((order) -> update(changed(order, drafts, titrate.steps()), titrate.orderId(), titrate.steps()));
		}
		return Optional.empty();
	}

	/**
	 * The draft changed to the steps (one step: a plain dose change), with a product
	 * whose strength per unit makes each step's dose a whole number of units.
	 */
	MedicationRequest changed(MedicationRequest draft, Bundle drafts, List<DoseStep> steps) {
		MedicationRequest changed = draft.copy();
		BigDecimal strength = commonStrength(steps);
		BigDecimal oldStrength = productName(draft).flatMap(ProductStrength::strengthIn)
			.or(() -> containedMedication(draft).flatMap(ProductStrength::unitStrengthOf))
			.orElse(null);
		changeProduct(draft, changed, drafts, strength);
		Dosage model = changed.hasDosageInstruction() ? changed.getDosageInstructionFirstRep() : new Dosage();
		Optional<Medication> medication = containedMedication(changed);
		String form = productName(changed).flatMap(ProductStrength::formIn)
			.or(() -> medication.flatMap(ProductStrength::formOf))
			.orElse(null);
		boolean knownStrength = productName(changed).flatMap(ProductStrength::strengthIn)
			.or(() -> medication.flatMap(ProductStrength::unitStrengthOf))
			.filter((named) -> named.compareTo(strength) == 0)
			.isPresent();
		List<Dosage> dosages = new ArrayList<>();
		for (int i = 0; i < steps.size(); i++) {
			DoseStep step = steps.get(i);
			Dosage dosage = model.copy();
			if (steps.size() > 1) {
				dosage.setSequence(i + 1);
			}
			BigDecimal amount = mg(step.doseMg());
			dosage.getDoseAndRate().clear();
			dosage.addDoseAndRate()
				.setDose(new Quantity().setValue(amount).setUnit("mg").setSystem(UCUM).setCode("mg"));
			Timing timing = dosage.getTiming();
			timing.setCode(null);
			Timing.TimingRepeatComponent repeat = timing.getRepeat();
			repeat.setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
			repeat.setFrequencyMaxElement(null).setPeriodMaxElement(null);
			if (steps.size() > 1) {
				repeat.setBounds(null);
				if (step.duration() != null) {
					repeat.setBounds(new Duration().setValue(step.duration())
						.setUnit(durationWords(step.duration(), step.unit(), false))
						.setSystem(UCUM)
						.setCode(step.unit()));
				}
			}
			// A patient instruction may name the old dose; the text says it all.
			dosage.setPatientInstruction(null);
			dosage.setText(textOf(dosage, step, i, amount, knownStrength ? strength : null, form));
			dosages.add(dosage);
		}
		changed.setDosageInstruction(dosages);
		BigDecimal concentration = productName(draft).flatMap(ProductStrength::concentrationIn).orElse(null);
		DispensedSupply.follow(draft, changed, oldStrength, knownStrength ? strength : null, concentration, steps);
		return changed;
	}

	private Action update(MedicationRequest changed, String orderId, List<DoseStep> steps) {
		String json = fhirContext.newJsonParser().encodeResourceToString(changed);
		String plan = steps.stream()
			.map((step) -> mg(step.doseMg()).toPlainString() + " mg once daily"
					+ ((step.duration() == null) ? "" : " for " + durationWords(step.duration(), step.unit(), true)))
			.collect(Collectors.joining(", then "));
		return Action.update(json, "Change " + orderId + " to " + plan);
	}

	/**
	 * The product the order names changed to the strength: its coded concept, or the
	 * Medication it references (a contained one in place; one elsewhere in the call
	 * copied in as a contained Medication, since the update carries one resource).
	 */
	private void changeProduct(MedicationRequest draft, MedicationRequest changed, Bundle drafts, BigDecimal mg) {
		if (changed.hasMedicationCodeableConcept()) {
			products.change(changed.getMedicationCodeableConcept(), mg);
			return;
		}
		if (!changed.hasMedicationReference()) {
			return;
		}
		Reference reference = changed.getMedicationReference();
		if (reference.hasDisplay()) {
			ProductStrength.withStrength(reference.getDisplay(), mg)
				.ifPresentOrElse(reference::setDisplay, () -> reference.setDisplay(null));
		}
		if (!reference.hasReference()) {
			return;
		}
		if (reference.getReference().startsWith("#")) {
			containedMedication(changed).ifPresent((medication) -> products.change(medication, mg));
			return;
		}
		Optional<Resource> elsewhere = BundleReferences.of(List.of(drafts)).resolve(reference.getReference(), draft);
		if (elsewhere.isPresent() && elsewhere.get() instanceof Medication medication) {
			Medication copy = medication.copy();
			String id = containedId(changed, medication.getIdElement().getIdPart());
			copy.setId(id);
			copy.setMeta(null);
			products.change(copy, mg);
			changed.addContained(copy);
			reference.setReference("#" + id);
		}
	}

	/** An id for a contained resource that no other contained resource has. */
	private static String containedId(MedicationRequest order, String wanted) {
		String base = (wanted == null || wanted.isBlank()) ? "medication" : wanted;
		String id = base;
		int n = 1;
		while (hasContained(order, id)) {
			n++;
			id = base + "-" + n;
		}
		return id;
	}

	private static boolean hasContained(MedicationRequest order, String id) {
		return order.getContained()
			.stream()
			.anyMatch((contained) -> id.equals(contained.getIdElement().getIdPart())
					|| ("#" + id).equals(contained.getId()));
	}

	/** The contained Medication the order references, if it does. */
	private static Optional<Medication> containedMedication(MedicationRequest order) {
		if (!order.hasMedicationReference() || !order.getMedicationReference().hasReference()
				|| !order.getMedicationReference().getReference().startsWith("#")) {
			return Optional.empty();
		}
		return BundleReferences.of(List.of())
			.resolve(order.getMedicationReference().getReference(), order)
			.filter(Medication.class::isInstance)
			.map(Medication.class::cast);
	}

	/** The name of the product as the changed order gives it, for the dosage text. */
	private static Optional<String> productName(MedicationRequest order) {
		if (order.hasMedicationCodeableConcept()) {
			CodeableConcept concept = order.getMedicationCodeableConcept();
			if (concept.hasText()) {
				return Optional.of(concept.getText());
			}
			return concept.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst();
		}
		if (order.hasMedicationReference()) {
			Optional<String> contained = containedMedication(order).map((medication) -> medication.getCode().getText())
				.filter((text) -> text != null && !text.isBlank());
			return contained.or(() -> Optional.ofNullable(order.getMedicationReference().getDisplay()));
		}
		return Optional.empty();
	}

	/**
	 * "Take 1.5 mg (1 capsule) by mouth once a day at bedtime for 1 week"; a later step
	 * begins "Then take".
	 */
	private static String textOf(Dosage dosage, DoseStep step, int index, BigDecimal amount, BigDecimal strength,
			String form) {
		StringBuilder text = new StringBuilder((index == 0) ? "Take " : "Then take ");
		text.append(amount.toPlainString()).append(" mg");
		if (strength != null && form != null) {
			BigDecimal[] units = amount.divideAndRemainder(strength);
			if (units[1].signum() == 0) {
				int count = units[0].intValueExact();
				text.append(" (").append(count).append(' ').append(form).append((count == 1) ? "" : "s").append(')');
			}
		}
		if (isOral(dosage)) {
			text.append(" by mouth");
		}
		text.append(" once a day");
		for (String when : whenCodes(dosage)) {
			String words = WHEN.get(when);
			if (words != null) {
				text.append(' ').append(words);
			}
		}
		if (step.duration() != null) {
			text.append(" for ").append(durationWords(step.duration(), step.unit(), true));
		}
		return text.toString();
	}

	private static List<String> whenCodes(Dosage dosage) {
		return dosage.getTiming()
			.getRepeat()
			.getWhen()
			.stream()
			.filter((when) -> when.getValue() != null)
			.map((when) -> when.getValue().toCode())
			.toList();
	}

	/**
	 * Whether the dosage says the medicine is taken by mouth: its route, or the words of
	 * its old text ("Take 4.5 mg by mouth at bedtime").
	 */
	private static boolean isOral(Dosage dosage) {
		if (!dosage.hasRoute()) {
			return dosage.hasText() && ORAL_WORDS.matcher(dosage.getText()).find();
		}
		CodeableConcept route = dosage.getRoute();
		boolean coded = route.getCoding()
			.stream()
			.anyMatch((coding) -> SNOMED.equals(coding.getSystem()) && ORAL_ROUTE.equals(coding.getCode()));
		List<String> words = new ArrayList<>();
		if (route.hasText()) {
			words.add(route.getText());
		}
		route.getCoding().stream().filter(Coding::hasDisplay).forEach((coding) -> words.add(coding.getDisplay()));
		return coded || words.stream()
			.map((word) -> word.toLowerCase(Locale.ROOT))
			.anyMatch((word) -> word.contains("oral") || word.contains("mouth"));
	}

	private static String durationWords(int value, String unit, boolean withCount) {
		String word = "wk".equals(unit) ? "week" : "day";
		String plural = (value == 1) ? word : word + "s";
		return withCount ? value + " " + plural : plural;
	}

	/**
	 * The largest strength per unit that makes every step's dose a whole number of units:
	 * 1.5 mg for 1.5, 3 and 4.5 mg; the dose itself for a single step.
	 */
	static BigDecimal commonStrength(List<DoseStep> steps) {
		BigInteger common = BigInteger.ZERO;
		int scale = steps.stream().mapToInt((step) -> Math.max(0, mg(step.doseMg()).scale())).max().orElse(0);
		for (DoseStep step : steps) {
			common = common.gcd(mg(step.doseMg()).movePointRight(scale).toBigIntegerExact());
		}
		return new BigDecimal(common, scale).stripTrailingZeros();
	}

	private static BigDecimal mg(double doseMg) {
		BigDecimal amount = BigDecimal.valueOf(doseMg).stripTrailingZeros();
		return (amount.scale() < 0) ? amount.setScale(0) : amount;
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
