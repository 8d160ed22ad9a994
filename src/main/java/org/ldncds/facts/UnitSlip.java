package org.ldncds.facts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Set;

/**
 * The unit error that most likely turned a dose into one 1000 times too large or too
 * small, judged from the unit the order writes; a word a card template turns into text.
 */
public enum UnitSlip {

	/** "4.5 g" for 4.5 mg. */
	G_FOR_MG,

	/** "4500 mg" for 4500 mcg. */
	MCG_AMOUNT_AS_MG,

	/** "4.5 mcg" for 4.5 mg. */
	MCG_FOR_MG,

	/** "0.0045 mg" for 0.0045 g. */
	G_AMOUNT_AS_MG,

	/** A count, a volume or text: a factor of 1000 somewhere. */
	FACTOR_1000;

	private static final Set<String> GRAMS = Set.of("g", "gram", "grams");

	private static final Set<String> MILLIGRAMS = Set.of("mg", "milligram", "milligrams");

	private static final Set<String> MICROGRAMS = Set.of("ug", "mcg", "µg", "μg", "microgram", "micrograms");

	/**
	 * The slip behind a daily dose 1000 times too large ({@code tooHigh}) or too small.
	 */
	public static UnitSlip of(MedicationFact order, boolean tooHigh) {
		String written = order.doseWritten();
		String unit = (written == null || written.indexOf(' ') < 0) ? ""
				: written.substring(written.indexOf(' ') + 1).strip().toLowerCase(Locale.ROOT);
		if (tooHigh) {
			return GRAMS.contains(unit) ? G_FOR_MG : MILLIGRAMS.contains(unit) ? MCG_AMOUNT_AS_MG : FACTOR_1000;
		}
		return MICROGRAMS.contains(unit) ? MCG_FOR_MG : MILLIGRAMS.contains(unit) ? G_AMOUNT_AS_MG : FACTOR_1000;
	}

	/** The daily dose 1000 times smaller ({@code tooHigh}) or larger, in mg. */
	public static double meantMg(MedicationFact order, boolean tooHigh) {
		return rounded(tooHigh ? order.dailyDoseMg() / 1000 : order.dailyDoseMg() * 1000);
	}

	/** An amount to 6 significant digits: 0.0045000000000000005 is 0.0045. */
	public static double rounded(double mg) {
		return new BigDecimal(mg).round(new MathContext(6)).doubleValue();
	}

}
