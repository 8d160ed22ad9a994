package org.ldncds.facts;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Quantity;

/**
 * Reads amounts of drug in milligrams from FHIR quantities and product names. Units come
 * as UCUM codes or as free unit text; both are accepted.
 */
final class Dose {

	/** Milligrams per unit, by UCUM code or common unit text. */
	private static final Map<String, Double> MG_PER_UNIT = Map.ofEntries(Map.entry("mg", 1.0),
			Map.entry("milligram", 1.0), Map.entry("milligrams", 1.0), Map.entry("ug", 0.001), Map.entry("mcg", 0.001),
			Map.entry("µg", 0.001), Map.entry("microgram", 0.001), Map.entry("micrograms", 0.001),
			Map.entry("g", 1000.0), Map.entry("gram", 1000.0), Map.entry("grams", 1000.0), Map.entry("ng", 0.000001));

	/** Units that count dose forms (tablets, capsules) rather than weigh drug. */
	private static final Pattern COUNT_UNIT = Pattern
		.compile("(\\{?(tab|tabs|tablet|tablets|tbl|cap|caps|capsule|capsules|each|ea|dose|doses)}?|1)");

	/** A strength written in a name: "Naltrexone 4.5 mg capsule", "LDN 1.5mg". */
	private static final Pattern STRENGTH_IN_TEXT = Pattern.compile(
			"(\\d+(?:[.,]\\d+)?)\\s*(mg|mcg|ug|µg|microgram|micrograms|milligram|milligrams)\\b",
			Pattern.CASE_INSENSITIVE);

	private Dose() {
	}

	/** The quantity in mg, if its unit is a unit of mass. */
	static Optional<Double> inMilligrams(Quantity quantity) {
		if (quantity == null || !quantity.hasValue()) {
			return Optional.empty();
		}
		return unitOf(quantity).map(MG_PER_UNIT::get).map((factor) -> quantity.getValue().doubleValue() * factor);
	}

	/**
	 * The number of dose forms (tablets, capsules) the quantity counts, if it counts
	 * them.
	 */
	static Optional<Double> countOf(Quantity quantity) {
		if (quantity == null || !quantity.hasValue()) {
			return Optional.empty();
		}
		Optional<String> unit = unitOf(quantity);
		boolean counts = unit.isEmpty() || COUNT_UNIT.matcher(unit.get()).matches();
		return counts ? Optional.of(quantity.getValue().doubleValue()) : Optional.empty();
	}

	/**
	 * The one strength a product name states, in mg; empty when it states none or
	 * several.
	 */
	static Optional<Double> strengthInText(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = STRENGTH_IN_TEXT.matcher(text);
		if (!matcher.find()) {
			return Optional.empty();
		}
		double amount = new BigDecimal(matcher.group(1).replace(',', '.')).doubleValue();
		Double factor = MG_PER_UNIT.get(matcher.group(2).toLowerCase(Locale.ROOT));
		return matcher.find() ? Optional.empty() : Optional.of(amount * factor);
	}

	private static Optional<String> unitOf(Quantity quantity) {
		String unit = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
		if (unit == null || unit.isBlank()) {
			return Optional.empty();
		}
		String normalized = unit.strip().toLowerCase(Locale.ROOT);
		return Optional.of(normalized.endsWith("(s)") ? normalized.substring(0, normalized.length() - 3) : normalized);
	}

}
