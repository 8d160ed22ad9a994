package org.ldncds.facts;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Quantity;

/**
 * What the unit of a dose or strength measures: a mass (converted to mg), a volume
 * (converted to mL), or a count of the product's units. Units come as UCUM codes ("mg",
 * "ug", "mL", "{pill}", "1") or as unit text ("mcg", "capsule"); the code wins when both
 * are given, except the UCUM unity "1", whose unit text says what is counted.
 *
 * <p>
 * Counts have a form: tablets, capsules, pills and other single units ("each", "dose",
 * UCUM "1", no unit at all) are one form, {@value #SINGLE_UNIT}; any other UCUM
 * annotation ("{puff}", "{drop}") is a form of its own, and converts to mg only with a
 * strength stated per that same form.
 *
 * @param kind what is measured
 * @param factor mg (mass) or mL (volume) per unit; 1 for counts
 * @param form for counts, what is counted
 * @param written the unit as the resource wrote it, for card text
 */
record DoseUnit(Kind kind, double factor, String form, String written) {

	/** The form of tablets, capsules and other single units of a product. */
	static final String SINGLE_UNIT = "unit";

	enum Kind {

		MASS, VOLUME, COUNT

	}

	private static final Map<String, Double> MG_PER_UNIT = Map.ofEntries(Map.entry("mg", 1.0),
			Map.entry("milligram", 1.0), Map.entry("milligrams", 1.0), Map.entry("ug", 0.001), Map.entry("mcg", 0.001),
			Map.entry("µg", 0.001), Map.entry("μg", 0.001), Map.entry("microgram", 0.001),
			Map.entry("micrograms", 0.001), Map.entry("g", 1000.0), Map.entry("gram", 1000.0),
			Map.entry("grams", 1000.0), Map.entry("ng", 0.000001));

	private static final Map<String, Double> ML_PER_UNIT = Map.of("ml", 1.0, "milliliter", 1.0, "milliliters", 1.0,
			"millilitre", 1.0, "millilitres", 1.0, "l", 1000.0);

	/** Words for one tablet, capsule or other single unit of a product. */
	private static final Set<String> SINGLE_UNIT_WORDS = Set.of("pill", "pills", "tab", "tabs", "tablet", "tablets",
			"tbl", "cap", "caps", "capsule", "capsules", "each", "ea", "dose", "doses");

	static DoseUnit mass(double mgPerUnit, String written) {
		return new DoseUnit(Kind.MASS, mgPerUnit, null, written);
	}

	static DoseUnit volume(double mlPerUnit, String written) {
		return new DoseUnit(Kind.VOLUME, mlPerUnit, null, written);
	}

	static DoseUnit count(String form, String written) {
		return new DoseUnit(Kind.COUNT, 1.0, form, written);
	}

	/** The UCUM code system, whose codes this reads. */
	private static final String UCUM = "http://unitsofmeasure.org";

	/**
	 * The unit of the quantity; empty when it is none of a mass, a volume or a count. A
	 * code of another system than UCUM (an EHR's own unit codes) is read only when there
	 * is no unit text.
	 */
	static Optional<DoseUnit> of(Quantity quantity) {
		String code = quantity.hasCode() ? quantity.getCode().strip() : "";
		String unit = quantity.hasUnit() ? quantity.getUnit().strip() : "";
		if (quantity.hasSystem() && !UCUM.equals(quantity.getSystem()) && !unit.isEmpty()) {
			return parse(unit);
		}
		if (!code.isEmpty() && !"1".equals(code)) {
			return parse(code);
		}
		if (unit.isEmpty()) {
			// UCUM unity, or no unit at all: a count of the product's units.
			return Optional.of(count(SINGLE_UNIT, code.isEmpty() ? "(no unit)" : code));
		}
		Optional<DoseUnit> parsed = parse(unit);
		// UCUM unity with a unit text: only a count
		// makes sense ("1" with "mg" is contradictory).
		return "1".equals(code) ? parsed.filter((found) -> found.kind() == Kind.COUNT) : parsed;
	}

	/** The unit a word or UCUM code names; empty when it is none of the three. */
	static Optional<DoseUnit> parse(String written) {
		String normalized = written.strip().toLowerCase(Locale.ROOT);
		if (normalized.endsWith("(s)")) {
			normalized = normalized.substring(0, normalized.length() - 3);
		}
		if (MG_PER_UNIT.containsKey(normalized)) {
			return Optional.of(mass(MG_PER_UNIT.get(normalized), written));
		}
		if (ML_PER_UNIT.containsKey(normalized)) {
			return Optional.of(volume(ML_PER_UNIT.get(normalized), written));
		}
		if (SINGLE_UNIT_WORDS.contains(normalized)) {
			return Optional.of(count(SINGLE_UNIT, written));
		}
		if (normalized.length() > 2 && normalized.startsWith("{") && normalized.endsWith("}")) {
			String annotation = normalized.substring(1, normalized.length() - 1).strip();
			return Optional.of(count(SINGLE_UNIT_WORDS.contains(annotation) ? SINGLE_UNIT : annotation, written));
		}
		return Optional.empty();
	}

	boolean isMass() {
		return kind == Kind.MASS;
	}

	boolean isVolume() {
		return kind == Kind.VOLUME;
	}

	boolean isCount() {
		return kind == Kind.COUNT;
	}

}
