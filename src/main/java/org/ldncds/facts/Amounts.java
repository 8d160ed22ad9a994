package org.ldncds.facts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Numbers for card text and for comparing doses computed in different ways. */
final class Amounts {

	private Amounts() {
	}

	/** "4.5", "0.75", "50": at most 6 significant digits, no trailing zeros. */
	static String text(double amount) {
		return new BigDecimal(amount).round(new MathContext(6)).stripTrailingZeros().toPlainString();
	}

	/** Whether two computed amounts are the same dose (0.5 mL × 9 mg/mL is 4.5 mg). */
	static boolean same(double a, double b) {
		return Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
	}

	/** The amounts, those equal after rounding counted once. */
	static List<Double> distinct(Collection<Double> amounts) {
		return amounts.stream()
			.collect(Collectors.toMap(Amounts::text, (amount) -> amount, (first, second) -> first,
					java.util.LinkedHashMap::new))
			.values()
			.stream()
			.toList();
	}

}
