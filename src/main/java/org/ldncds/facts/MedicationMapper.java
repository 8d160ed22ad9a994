package org.ldncds.facts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Medication.MedicationIngredientComponent;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.ldncds.hooks.BundleReferences;
import org.ldncds.knowledge.Terminology;

/**
 * Turns one MedicationRequest into a {@link MedicationFact}: which drug (by code, by the
 * Medication it references, or by its name), how much a day, how often.
 */
final class MedicationMapper {

	private final Terminology terminology;

	private final Clock clock;

	MedicationMapper(Terminology terminology, Clock clock) {
		this.terminology = terminology;
		this.clock = clock;
	}

	/**
	 * @param id how answers name the order
	 * @param references where its {@code medicationReference} is resolved
	 */
	MedicationFact map(MedicationRequest order, String id, MedicationRole role, BundleReferences references) {
		Reference reference = order.hasMedicationReference() ? order.getMedicationReference() : null;
		Optional<Medication> medication = referencedMedication(reference, order, references);
		CodeableConcept concept = order.hasMedicationCodeableConcept() ? order.getMedicationCodeableConcept() : null;
		List<CodeableConcept> concepts = conceptsOf(concept, reference, medication);
		String name = nameOf(concepts);
		Dosage dosage = order.hasDosageInstruction() ? order.getDosageInstructionFirstRep() : null;
		Optional<Double> timing = Optional.ofNullable(dosage).flatMap(Frequency::timesPerDay);
		DoseReading dose = DoseReader.read(dosage, Strength.ofProduct(medication, namesIn(concepts)));
		// The timing wins; the instructions text says how often only when it is absent.
		Optional<Double> timesPerDay = timing.or(() -> Optional.ofNullable(dose.timesPerDay()));
		Double daily = dose.isRead() ? dose.mg() * timesPerDay.orElse(1.0) : null;
		return new MedicationFact(id, name, valueSetsOf(concepts), daily, timesPerDay.orElse(null),
				(dosage == null) ? null : routeOf(dosage), weeksSince(order).orElse(null), role, dose.problem(),
				writtenDose(dosage));
	}

	/**
	 * The first structured dose as written ("4.5 g"): its value and its unit text, else
	 * its code; {@code null} without one.
	 */
	private static String writtenDose(Dosage dosage) {
		if (dosage == null) {
			return null;
		}
		for (Dosage.DosageDoseAndRateComponent doseAndRate : dosage.getDoseAndRate()) {
			Quantity amount = doseAndRate.hasDoseQuantity() ? doseAndRate.getDoseQuantity()
					: doseAndRate.hasDoseRange() ? doseAndRate.getDoseRange().getHigh() : null;
			if (amount != null && amount.hasValue()) {
				String unit = amount.hasUnit() ? amount.getUnit().strip() : amount.hasCode() ? amount.getCode() : "";
				String value = amount.getValue().stripTrailingZeros().toPlainString();
				return unit.isEmpty() ? value : value + " " + unit;
			}
		}
		return null;
	}

	/** Completed weeks since the order was written; drafts are written today. */
	private Optional<Integer> weeksSince(MedicationRequest order) {
		if (!order.hasAuthoredOn()) {
			return Optional.empty();
		}
		LocalDate written = order.getAuthoredOn().toInstant().atZone(clock.getZone()).toLocalDate();
		long weeks = ChronoUnit.WEEKS.between(written, LocalDate.now(clock));
		return Optional.of((int) Math.max(0, weeks));
	}

	private Set<String> valueSetsOf(List<CodeableConcept> concepts) {
		Set<String> valueSets = new HashSet<>();
		for (CodeableConcept concept : concepts) {
			for (Coding coding : concept.getCoding()) {
				valueSets.addAll(terminology.valueSetsOf(coding.getSystem(), coding.getCode()));
				valueSets.addAll(terminology.valueSetsMentionedIn(coding.getDisplay()));
			}
			valueSets.addAll(terminology.valueSetsMentionedIn(concept.getText()));
		}
		return valueSets;
	}

	/**
	 * Which drug a record names with its {@code medication[x]}, whatever the record: its
	 * name and value sets.
	 * @param medication the record's {@code medication[x]}
	 * @param owner the record, where a contained Medication is looked for
	 */
	Drug identify(Type medication, Resource owner, BundleReferences references) {
		CodeableConcept concept = (medication instanceof CodeableConcept codeable) ? codeable : null;
		Reference reference = (medication instanceof Reference ref) ? ref : null;
		List<CodeableConcept> concepts = conceptsOf(concept, reference,
				referencedMedication(reference, owner, references));
		return new Drug(nameOf(concepts), valueSetsOf(concepts));
	}

	/**
	 * A drug as a record names it.
	 *
	 * @param name a human-readable name
	 * @param valueSets ids of the value sets it belongs to
	 */
	record Drug(String name, Set<String> valueSets) {
	}

	/** The drug's own concept and, for a Medication, its ingredients' concepts. */
	private static List<CodeableConcept> conceptsOf(CodeableConcept concept, Reference reference,
			Optional<Medication> medication) {
		List<CodeableConcept> concepts = new ArrayList<>();
		if (concept != null && !concept.isEmpty()) {
			concepts.add(concept);
		}
		medication.ifPresent((found) -> {
			concepts.add(found.getCode());
			found.getIngredient()
				.stream()
				.filter(MedicationIngredientComponent::hasItemCodeableConcept)
				.forEach((ingredient) -> concepts.add(ingredient.getItemCodeableConcept()));
		});
		if (reference != null && reference.hasDisplay()) {
			// The reference's display names the drug even when the Medication is not at
			// hand.
			concepts.add(new CodeableConcept().setText(reference.getDisplay()));
		}
		return concepts;
	}

	private static Optional<Medication> referencedMedication(Reference reference, Resource owner,
			BundleReferences references) {
		if (reference == null || !reference.hasReference()) {
			return Optional.empty();
		}
		return references.resolve(reference.getReference(), owner)
			.filter(Medication.class::isInstance)
			.map(Medication.class::cast);
	}

	private String nameOf(List<CodeableConcept> concepts) {
		for (CodeableConcept concept : concepts) {
			if (concept.hasText()) {
				return concept.getText().strip();
			}
			for (Coding coding : concept.getCoding()) {
				if (coding.hasDisplay()) {
					return coding.getDisplay().strip();
				}
			}
		}
		// A drug named by its code alone (no text, no display): the name the knowledge
		// base's value sets give the code.
		for (CodeableConcept concept : concepts) {
			for (Coding coding : concept.getCoding()) {
				Optional<String> display = terminology.displayOf(coding.getSystem(), coding.getCode());
				if (display.isPresent()) {
					return display.get();
				}
			}
		}
		return "unnamed medication";
	}

	/**
	 * Every name the order and its Medication give the drug, where a strength may be
	 * written.
	 */
	private static List<String> namesIn(List<CodeableConcept> concepts) {
		List<String> names = new ArrayList<>();
		for (CodeableConcept concept : concepts) {
			if (concept.hasText()) {
				names.add(concept.getText());
			}
			concept.getCoding().stream().filter(Coding::hasDisplay).forEach((coding) -> names.add(coding.getDisplay()));
		}
		return names;
	}

	private static String routeOf(Dosage dosage) {
		if (!dosage.hasRoute()) {
			return null;
		}
		CodeableConcept route = dosage.getRoute();
		return route.hasText() ? route.getText() : route.getCodingFirstRep().getDisplay();
	}

}
