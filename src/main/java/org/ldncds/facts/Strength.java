package org.ldncds.facts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Medication.MedicationIngredientComponent;
import org.hl7.fhir.r4.model.Ratio;

/**
 * How much drug one unit of a product holds: mg per tablet or capsule (or per unit of
 * another counted form, such as "{puff}"), or mg per mL for a liquid.
 *
 * @param mg milligrams of drug in one unit, or in one mL
 * @param perVolume whether the strength is a concentration (per mL)
 * @param form for a strength per counted unit, the form counted (see {@link DoseUnit})
 */
record Strength(double mg, boolean perVolume, String form) {

	/**
	 * A strength written in a name: "Naltrexone 4.5 MG Oral Capsule", "LDN 1.5mg",
	 * "naltrexone 1 mg/mL", "4.5 mg per 5 mL". A comma is a decimal comma only before one
	 * or two digits ("4,5 mg"), never a thousands separator.
	 */
	private static final Pattern IN_TEXT = Pattern.compile(
			"(?<![\\d.,])(\\d+(?:\\.\\d+|,\\d{1,2}(?!\\d))?)\\s*(mg|mcg|ug|µg|μg|micrograms?|milligrams?)\\b"
					+ "(?:\\s*(?:/|per|in)\\s*(\\d+(?:\\.\\d+)?)?\\s*(ml|milliliters?|millilitres?)\\b)?",
			Pattern.CASE_INSENSITIVE);

	static Strength perUnit(double mg, String form) {
		return new Strength(mg, false, form);
	}

	static Strength perMilliliter(double mg) {
		return new Strength(mg, true, null);
	}

	/** Whether a dose counted in this unit can be converted with this strength. */
	boolean fits(DoseUnit unit) {
		return unit.isVolume() ? perVolume : (unit.isCount() && !perVolume && form.equals(unit.form()));
	}

	/** "4.5 mg" or "1 mg/mL", for card text. */
	String text() {
		return Amounts.text(mg) + (perVolume ? " mg/mL" : " mg");
	}

	/**
	 * The strengths a product states. Those of the Medication's active ingredients count
	 * first; only when it states none are the names read ("naltrexone 4.5 MG Oral
	 * Capsule"). Several different strengths (a combination product, or names that
	 * disagree) are all returned: the caller refuses to choose.
	 */
	static List<Strength> ofProduct(Optional<Medication> medication, List<String> names) {
		Set<Strength> strengths = new LinkedHashSet<>();
		medication.ifPresent((found) -> found.getIngredient()
			.stream()
			.filter(MedicationIngredientComponent::hasStrength)
			.filter((ingredient) -> !ingredient.hasIsActive() || ingredient.getIsActive())
			.forEach((ingredient) -> of(ingredient.getStrength()).ifPresent(strengths::add)));
		if (strengths.isEmpty()) {
			names.forEach((name) -> strengths.addAll(inText(name)));
		}
		return new ArrayList<>(strengths);
	}

	/** A Medication ingredient's strength: a mass per counted unit or per volume. */
	static Optional<Strength> of(Ratio ratio) {
		if (!ratio.hasNumerator() || !ratio.getNumerator().hasValue()) {
			return Optional.empty();
		}
		Optional<Double> mg = DoseUnit.of(ratio.getNumerator())
			.filter(DoseUnit::isMass)
			.map((unit) -> ratio.getNumerator().getValue().doubleValue() * unit.factor());
		if (mg.isEmpty()) {
			return Optional.empty();
		}
		if (!ratio.hasDenominator()) {
			return Optional.of(perUnit(mg.get(), DoseUnit.SINGLE_UNIT));
		}
		double per = ratio.getDenominator().hasValue() ? ratio.getDenominator().getValue().doubleValue() : 1.0;
		if (per <= 0) {
			return Optional.empty();
		}
		return DoseUnit.of(ratio.getDenominator()).flatMap((unit) -> switch (unit.kind()) {
			case COUNT -> Optional.of(perUnit(mg.get() / per, unit.form()));
			case VOLUME -> Optional.of(perMilliliter(mg.get() / (per * unit.factor())));
			case MASS -> Optional.empty();
		});
	}

	/** The strengths a name states, in the order written. */
	static List<Strength> inText(String text) {
		List<Strength> found = new ArrayList<>();
		if (text == null) {
			return found;
		}
		Matcher matcher = IN_TEXT.matcher(text);
		while (matcher.find()) {
			double mg = number(matcher.group(1)) * DoseUnit.parse(matcher.group(2)).orElseThrow().factor();
			if (matcher.group(4) == null) {
				found.add(perUnit(mg, DoseUnit.SINGLE_UNIT));
			}
			else {
				double ml = (matcher.group(3) == null) ? 1.0 : number(matcher.group(3));
				if (ml > 0) {
					found.add(perMilliliter(mg / ml));
				}
			}
		}
		return found;
	}

	private static double number(String written) {
		return new BigDecimal(written.replace(',', '.')).doubleValue();
	}

}
