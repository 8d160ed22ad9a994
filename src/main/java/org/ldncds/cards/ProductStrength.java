package org.ldncds.cards;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.ldncds.knowledge.Terminology;

/**
 * Changes the strength a product names to a new one, so that an order whose dose changed
 * can be dispensed as written: "Naltrexone 4.5 mg capsule" becomes "Naltrexone 1.5 mg
 * capsule". Only a strength per unit (a capsule, a tablet) changes; a concentration ("1
 * mg/mL") is the product's, whatever the dose. A coding whose display names another
 * strength is taken off (a product code is strength-specific); a coding that names no
 * strength (an ingredient) stays.
 */
final class ProductStrength {

	private static final String UCUM = "http://unitsofmeasure.org";

	/**
	 * A mass per unit: "4.5 mg", "4500 mcg", "0.0045 g"; not followed by "/" or "per" (a
	 * concentration), not the end of a larger number.
	 */
	private static final Pattern STRENGTH = Pattern.compile(
			"(?<![\\d.,])(\\d+(?:\\.\\d+)?)\\s*(mg|milligrams?|mcg|µg|micrograms?|g|grams?)\\b(?!\\s*(?:/|per\\b))",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/** The unit a product is counted in, when its name says. */
	private static final Pattern FORM = Pattern.compile("\\b(capsule|tablet)s?\\b",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/** Denominator units that make a strength per unit (a count), not a concentration. */
	private static final List<String> COUNT_UNITS = List.of("1", "{capsule}", "{tbl}", "{tablet}", "capsule",
			"capsules", "tablet", "tablets", "cap", "tab", "each", "unit", "{unit}");

	private final Terminology terminology;

	ProductStrength(Terminology terminology) {
		this.terminology = terminology;
	}

	/**
	 * The single mass per unit the text names, in mg; empty when it names none, or
	 * several that differ.
	 */
	static Optional<BigDecimal> strengthIn(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = STRENGTH.matcher(text);
		BigDecimal found = null;
		while (matcher.find()) {
			BigDecimal mg = inMg(new BigDecimal(matcher.group(1)), matcher.group(2));
			if (found != null && found.compareTo(mg) != 0) {
				return Optional.empty();
			}
			found = mg;
		}
		return Optional.ofNullable(found);
	}

	/** A concentration in mg per mL: "1 mg/mL", "0.5 mg per mL", "5 mg/5 mL". */
	private static final Pattern CONCENTRATION = Pattern.compile(
			"(?<![\\d.,])(\\d+(?:\\.\\d+)?)\\s*mg\\s*(?:/|per)\\s*(\\d+(?:\\.\\d+)?)?\\s*ml\\b",
			Pattern.CASE_INSENSITIVE);

	/** The one concentration in mg per mL the text names; empty for none or several. */
	static Optional<BigDecimal> concentrationIn(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = CONCENTRATION.matcher(text);
		BigDecimal found = null;
		while (matcher.find()) {
			BigDecimal per = (matcher.group(2) == null) ? BigDecimal.ONE : new BigDecimal(matcher.group(2));
			if (per.signum() <= 0) {
				return Optional.empty();
			}
			BigDecimal mgPerMl = new BigDecimal(matcher.group(1)).divide(per, MathContext.DECIMAL64);
			if (found != null && found.compareTo(mgPerMl) != 0) {
				return Optional.empty();
			}
			found = mgPerMl;
		}
		return Optional.ofNullable(found);
	}

	/** Whether the text names any mass per unit. */
	static boolean namesStrength(String text) {
		return text != null && STRENGTH.matcher(text).find();
	}

	/**
	 * The text with its one strength (named once or more) changed; the text unchanged
	 * when it names none; empty when it names several different ones (which to change
	 * cannot be told).
	 */
	static Optional<String> withStrength(String text, BigDecimal mg) {
		if (!namesStrength(text)) {
			return Optional.ofNullable(text);
		}
		if (strengthIn(text).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(STRENGTH.matcher(text).replaceAll(Matcher.quoteReplacement(mgText(mg) + " mg")));
	}

	/** "capsule" or "tablet" when the text names the unit the product comes in. */
	static Optional<String> formIn(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = FORM.matcher(text);
		return matcher.find() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
	}

	/**
	 * Changes the concept to the strength: its text rewritten, codings of another
	 * strength (or whose strength cannot be told) taken off. When the concept had no text
	 * and loses its codings, the text is the first such coding's name with the new
	 * strength, so that the product stays named.
	 */
	void change(CodeableConcept concept, BigDecimal mg) {
		if (concept == null || concept.isEmpty()) {
			return;
		}
		String removedName = null;
		List<Coding> unknown = new ArrayList<>();
		for (Iterator<Coding> codings = concept.getCoding().iterator(); codings.hasNext();) {
			Coding coding = codings.next();
			Optional<String> display = coding.hasDisplay() ? Optional.of(coding.getDisplay())
					: terminology.displayOf(coding.getSystem(), coding.getCode());
			if (display.isEmpty()) {
				unknown.add(coding);
				continue;
			}
			if (!namesStrength(display.get())) {
				continue;
			}
			Optional<BigDecimal> strength = strengthIn(display.get());
			if (strength.isPresent() && strength.get().compareTo(mg) == 0) {
				continue;
			}
			if (removedName == null) {
				removedName = withStrength(display.get(), mg).orElse(null);
			}
			codings.remove();
		}
		if (concept.hasText()) {
			String original = concept.getText();
			String instead = removedName;
			// Several different strengths in one name: which one to change cannot be
			// told, so the name says what the strength is now.
			concept.setText(withStrength(original, mg).or(() -> Optional.ofNullable(instead))
				.orElse(original + " (strength changed to " + mgText(mg) + " mg)"));
		}
		else if (removedName != null) {
			concept.setText(removedName);
		}
		// A code nothing names may be of any strength: it goes, unless it is all that
		// names the product.
		if (!unknown.isEmpty() && (concept.hasText() || concept.getCoding().size() > unknown.size())) {
			concept.getCoding().removeAll(unknown);
		}
	}

	/**
	 * Changes a Medication to the strength: its code as {@link #change}, and each
	 * ingredient's strength per unit (a concentration per mL stays).
	 */
	void change(Medication medication, BigDecimal mg) {
		change(medication.getCode(), mg);
		for (Medication.MedicationIngredientComponent ingredient : medication.getIngredient()) {
			if (ingredient.hasItemCodeableConcept()) {
				change(ingredient.getItemCodeableConcept(), mg);
			}
			Ratio strength = ingredient.getStrength();
			if (ingredient.hasStrength() && perUnit(strength.getDenominator()) && isMass(strength.getNumerator())) {
				BigDecimal perOne = mg.multiply(
						strength.getDenominator().hasValue() ? strength.getDenominator().getValue() : BigDecimal.ONE);
				strength.setNumerator(new Quantity().setValue(perOne.stripTrailingZeros())
					.setUnit("mg")
					.setSystem(UCUM)
					.setCode("mg"));
			}
		}
	}

	/**
	 * The mass of the Medication's one ingredient per unit (a capsule, a tablet), in mg;
	 * empty for a concentration or several ingredients.
	 */
	static Optional<BigDecimal> unitStrengthOf(Medication medication) {
		List<Ratio> strengths = medication.getIngredient()
			.stream()
			.filter(Medication.MedicationIngredientComponent::hasStrength)
			.map(Medication.MedicationIngredientComponent::getStrength)
			.toList();
		if (strengths.size() != 1) {
			return Optional.empty();
		}
		Ratio strength = strengths.get(0);
		if (!perUnit(strength.getDenominator()) || !isMass(strength.getNumerator())) {
			return Optional.empty();
		}
		Quantity numerator = strength.getNumerator();
		String unit = numerator.hasCode() ? numerator.getCode() : numerator.getUnit();
		BigDecimal per = strength.getDenominator().hasValue() ? strength.getDenominator().getValue() : BigDecimal.ONE;
		if (per.signum() <= 0) {
			return Optional.empty();
		}
		return strengthIn(numerator.getValue().divide(per, MathContext.DECIMAL64).toPlainString() + " " + unit.strip());
	}

	/** "capsule" or "tablet" when the Medication's form or name says. */
	static Optional<String> formOf(Medication medication) {
		List<String> names = new ArrayList<>();
		names.add(medication.getForm().getText());
		medication.getForm().getCoding().forEach((coding) -> names.add(coding.getDisplay()));
		names.add(medication.getCode().getText());
		medication.getIngredient()
			.stream()
			.filter(Medication.MedicationIngredientComponent::hasStrength)
			.forEach((ingredient) -> names.add(ingredient.getStrength().getDenominator().getUnit()));
		return names.stream().map(ProductStrength::formIn).flatMap(Optional::stream).findFirst();
	}

	private static boolean perUnit(Quantity denominator) {
		if (denominator == null || denominator.isEmpty()) {
			return true;
		}
		String unit = denominator.hasCode() ? denominator.getCode() : denominator.getUnit();
		return unit == null || COUNT_UNITS.contains(unit.strip().toLowerCase(Locale.ROOT));
	}

	private static boolean isMass(Quantity numerator) {
		if (numerator == null || !numerator.hasValue()) {
			return false;
		}
		String unit = numerator.hasCode() ? numerator.getCode() : numerator.getUnit();
		return unit != null && STRENGTH.matcher("1 " + unit.strip()).matches();
	}

	private static BigDecimal inMg(BigDecimal value, String unit) {
		String lower = unit.toLowerCase(Locale.ROOT);
		if (lower.startsWith("mcg") || lower.startsWith("µg") || lower.startsWith("microgram")) {
			return value.movePointLeft(3);
		}
		if (lower.equals("g") || lower.startsWith("gram")) {
			return value.movePointRight(3);
		}
		return value;
	}

	/** A dose in mg as written: {@code 1.5}, {@code 3}. */
	static String mgText(BigDecimal mg) {
		return mg.stripTrailingZeros().toPlainString();
	}

}
