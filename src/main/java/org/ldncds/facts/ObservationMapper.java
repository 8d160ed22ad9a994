package org.ldncds.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.ldncds.facts.ObservationFact.Result;
import org.ldncds.hooks.BundleReferences;
import org.ldncds.knowledge.Terminology;

/**
 * Turns an Observation whose code the knowledge base knows into an
 * {@link ObservationFact}. A result is positive or negative as its coded value or
 * interpretation says (the codes of the value sets {@value #POSITIVE} and
 * {@value #NEGATIVE}), else as their words say; a negative word wins over a positive one
 * in the same text ("not detected"). Cancelled, entered-in-error and registered
 * observations, and undated ones, are left out.
 */
final class ObservationMapper {

	/** The value set of codes that state a positive result. */
	static final String POSITIVE = "observation-result-positive";

	/** The value set of codes that state a negative result. */
	static final String NEGATIVE = "observation-result-negative";

	private static final Set<ObservationStatus> RESULTED = Set.of(ObservationStatus.FINAL, ObservationStatus.AMENDED,
			ObservationStatus.CORRECTED, ObservationStatus.PRELIMINARY);

	private final Terminology terminology;

	private final FhirDates dates;

	ObservationMapper(Terminology terminology, FhirDates dates) {
		this.terminology = terminology;
		this.dates = dates;
	}

	Optional<ObservationFact> map(Observation observation, BundleReferences references) {
		if (!observation.hasStatus() || !RESULTED.contains(observation.getStatus())) {
			return Optional.empty();
		}
		Set<String> valueSets = codesIn(observation.getCode());
		if (valueSets.isEmpty()) {
			return Optional.empty();
		}
		Optional<LocalDate> observed = effectiveDay(observation);
		if (observed.isEmpty()) {
			return Optional.empty();
		}
		CodeableConcept value = observation.hasValueCodeableConcept() ? observation.getValueCodeableConcept()
				: new CodeableConcept();
		Set<String> answers = codesIn(value);
		return Optional.of(new ObservationFact(references.referenceTo(observation), nameOf(observation.getCode()),
				valueSets, answers, answerOf(observation), resultOf(observation, answers), observed.get(),
				dates.daysAgo(observed.get())));
	}

	private Set<String> codesIn(CodeableConcept concept) {
		Set<String> valueSets = new HashSet<>();
		for (Coding coding : concept.getCoding()) {
			valueSets.addAll(terminology.valueSetsOf(coding.getSystem(), coding.getCode()));
		}
		return valueSets;
	}

	private Result resultOf(Observation observation, Set<String> answers) {
		Set<String> coded = new HashSet<>(answers);
		List<String> words = new ArrayList<>();
		for (CodeableConcept interpretation : observation.getInterpretation()) {
			coded.addAll(codesIn(interpretation));
			words.add(interpretation.getText());
			interpretation.getCoding().forEach((coding) -> words.add(coding.getDisplay()));
		}
		// A code says what it means; a positive one wins over a contradicting negative
		// one, so that a positive screen is never hidden.
		if (coded.contains(POSITIVE)) {
			return Result.POSITIVE;
		}
		if (coded.contains(NEGATIVE)) {
			return Result.NEGATIVE;
		}
		if (observation.hasValueCodeableConcept()) {
			words.add(observation.getValueCodeableConcept().getText());
			observation.getValueCodeableConcept().getCoding().forEach((coding) -> words.add(coding.getDisplay()));
		}
		if (observation.hasValueStringType()) {
			words.add(observation.getValueStringType().getValue());
		}
		return resultOfWords(words);
	}

	private Result resultOfWords(List<String> words) {
		boolean positive = false;
		for (String text : words) {
			if (text == null || text.isBlank()) {
				continue;
			}
			// "Not detected" also mentions "detected": the negative reading decides.
			if (terminology.valueSetsMentionedIn(text).contains(NEGATIVE)) {
				return Result.NEGATIVE;
			}
			positive |= terminology.valueSetsMentionedIn(text).contains(POSITIVE);
		}
		return positive ? Result.POSITIVE : null;
	}

	private Optional<LocalDate> effectiveDay(Observation observation) {
		if (observation.hasEffectiveDateTimeType()) {
			return dates.latestDay(observation.getEffectiveDateTimeType());
		}
		if (observation.hasEffectivePeriod()) {
			return dates.latestDay(observation.getEffectivePeriod().getEndElement())
				.or(() -> dates.latestDay(observation.getEffectivePeriod().getStartElement()));
		}
		if (observation.hasEffectiveInstantType()) {
			return dates.latestDay(observation.getEffectiveInstantType());
		}
		return dates.latestDay(observation.getIssuedElement());
	}

	private static String answerOf(Observation observation) {
		if (observation.hasValueCodeableConcept()) {
			String name = nameOf(observation.getValueCodeableConcept());
			return name.isEmpty() ? null : name;
		}
		if (observation.hasValueStringType() && observation.getValueStringType().hasValue()) {
			return observation.getValueStringType().getValue().strip();
		}
		if (observation.hasValueQuantity() && observation.getValueQuantity().hasValue()) {
			String unit = observation.getValueQuantity().hasUnit() ? " " + observation.getValueQuantity().getUnit()
					: "";
			return observation.getValueQuantity().getValue().toPlainString() + unit;
		}
		return null;
	}

	private static String nameOf(CodeableConcept concept) {
		if (concept.hasText()) {
			return concept.getText().strip();
		}
		return concept.getCoding()
			.stream()
			.filter(Coding::hasDisplay)
			.map((coding) -> coding.getDisplay().strip())
			.findFirst()
			.orElseGet(() -> concept.getCoding()
				.stream()
				.filter(Coding::hasCode)
				.map(Coding::getCode)
				.findFirst()
				.orElse(""));
	}

}
