package org.ldncds.facts;

import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a dose from the free text of a dosage instruction, for orders that carry no
 * structured dose: "Take 4.5 mg at bedtime", "1.5mg nightly", "4.5 milligrams", "0.5 mL
 * of 1 mg/mL", "Take 2 capsules" (of a product of stated strength), "1.5-4.5 mg" (the
 * high end, as for a doseRange). The patterns are strict: text that names different
 * doses, counts several capsules beside an amount that may be either the dose or the
 * strength, or gives different frequencies, is ambiguous and gives no dose.
 */
final class DoseText {

	private static final String NUMBER = "(?<![\\d.,])(\\d+(?:\\.\\d+)?)(?![\\d]|[.,]\\d)";

	private static final String MASS = "(mg|milligrams?|mcg|ug|micrograms?|g|grams?)\\b";

	private static final String VOLUME = "(ml|milliliters?|millilitres?)\\b";

	/** "1 mg/mL", "4.5 mg per 5 mL", "1 mg in 1 ml". */
	private static final Pattern CONCENTRATION = Pattern
		.compile(NUMBER + "\\s*" + MASS + "\\s*(?:/|per|in)\\s*(?:(\\d+(?:\\.\\d+)?)\\s*)?" + VOLUME);

	/** "Dispense 30 capsules", "Qty: 30", "#30": how much to supply, not a dose. */
	private static final Pattern DISPENSE = Pattern.compile("(?:\\bdispense|\\bdisp\\.?|\\bqty|\\bquantity|#)\\s*:?\\s*"
			+ "\\d+(?:\\.\\d+)?(?:\\s*(?:tablets?|tabs?|capsules?|caps?|pills?|ml|mg)\\b)?");

	/** "1.5-4.5 mg", "1.5 to 4.5 mg": a range, judged by its high end. */
	private static final Pattern MASS_RANGE = Pattern.compile(NUMBER + "\\s*(?:-|–|to)\\s*" + NUMBER + "\\s*" + MASS);

	private static final Pattern MASS_AMOUNT = Pattern.compile(NUMBER + "\\s*" + MASS);

	private static final Pattern VOLUME_AMOUNT = Pattern.compile(NUMBER + "\\s*" + VOLUME);

	private static final Map<String, Double> NUMBER_WORDS = Map.of("one", 1.0, "two", 2.0, "three", 3.0, "four", 4.0);

	/** "2 capsules", "one tablet", "1 pill". */
	private static final Pattern COUNT = Pattern
		.compile("(?:" + NUMBER + "|\\b(one|two|three|four))\\s*(tablets?|tabs?|capsules?|caps?|pills?)\\b");

	/**
	 * "take 2 at bedtime": a count without a unit after a verb of taking (read after
	 * amounts with units, which are blanked out by then).
	 */
	private static final Pattern BARE_COUNT = Pattern.compile("\\b(?:take|takes|give|administer)\\s+" + NUMBER);

	/** Frequencies of more than once a day, read before "daily" alone is read as once. */
	private static final Map<Pattern, Double> SEVERAL_TIMES_A_DAY = Map.of(
			Pattern.compile("\\b(?:twice|two times|2 times|2x)\\s*(?:a |per |)(?:day|daily)\\b|\\bb\\.?i\\.?d\\b"), 2.0,
			Pattern.compile("\\b(?:three times|3 times|3x)\\s*(?:a |per |)(?:day|daily)\\b|\\bt\\.?i\\.?d\\b"), 3.0,
			Pattern.compile("\\b(?:four times|4 times|4x)\\s*(?:a |per |)(?:day|daily)\\b|\\bq\\.?i\\.?d\\b"), 4.0,
			Pattern.compile("\\bmorning and (?:at )?(?:evening|night|bedtime)\\b"), 2.0,
			Pattern.compile("\\bevery other day\\b|\\bon alternate days\\b|\\bq\\.?o\\.?d\\b"), 0.5);

	private static final Pattern EVERY_N_HOURS = Pattern.compile("\\bevery (\\d+) hours?\\b|\\bq(\\d+)h\\b");

	private static final Pattern ONCE_A_DAY = Pattern.compile("\\bonce\\s*(?:a |per |)(?:day|daily)\\b|\\bdaily\\b"
			+ "|\\bnightly\\b|\\bat bedtime\\b|\\bbefore bed\\b|\\bq\\.?h\\.?s\\b|\\bq\\.?d\\b"
			+ "|\\bevery (?:day|night|evening|morning)\\b|\\bin the (?:morning|evening)\\b");

	private DoseText() {
	}

	/**
	 * Instructions longer than this are not read: real instructions are a sentence or
	 * two, and a longer text is more likely to hold several doses than one.
	 */
	static final int MAX_LENGTH = 1000;

	/**
	 * @param text the instructions text
	 * @param strengths the product's strengths, for counts and volumes
	 * @param readFrequency whether to read how often a day from the text (only when the
	 * dosage has no timing, which wins)
	 */
	static DoseReading read(String text, List<Strength> strengths, boolean readFrequency) {
		if (text.length() > MAX_LENGTH) {
			return DoseReading.failed(DoseProblem.Kind.TEXT_TOO_LONG, String.valueOf(MAX_LENGTH));
		}
		Scan scan = new Scan(text.toLowerCase(Locale.ROOT).replace('µ', 'u').replace('μ', 'u'));
		// A quantity to dispense is not a dose.
		scan.take(DISPENSE, (matcher) -> null);
		List<Double> concentrations = scan.take(CONCENTRATION, (matcher) -> number(matcher.group(1))
				* massFactor(matcher.group(2)) / ((matcher.group(3) == null) ? 1.0 : number(matcher.group(3))));
		List<Double> masses = new ArrayList<>(
				scan.take(MASS_RANGE, (matcher) -> number(matcher.group(2)) * massFactor(matcher.group(3))));
		masses.addAll(scan.take(MASS_AMOUNT, (matcher) -> number(matcher.group(1)) * massFactor(matcher.group(2))));
		List<Double> volumes = scan.take(VOLUME_AMOUNT, (matcher) -> number(matcher.group(1)));
		List<Double> counts = new ArrayList<>(scan.take(COUNT, (matcher) -> (matcher.group(1) != null)
				? Double.valueOf(number(matcher.group(1))) : NUMBER_WORDS.get(matcher.group(2))));
		counts.addAll(scan.take(BARE_COUNT, (matcher) -> number(matcher.group(1))));
		Optional<DoseReading> dose = dose(Amounts.distinct(masses), Amounts.distinct(volumes),
				Amounts.distinct(concentrations), Amounts.distinct(counts), strengths);
		Optional<Double> timesPerDay = readFrequency ? timesPerDay(scan) : Optional.empty();
		if (timesPerDay.filter((times) -> times.isNaN()).isPresent()) {
			return DoseReading.failed(DoseProblem.Kind.AMBIGUOUS_TEXT, "different frequencies");
		}
		return dose.orElseGet(() -> DoseReading.failed(DoseProblem.Kind.NO_AMOUNT_IN_TEXT)).timesPerDay(timesPerDay);
	}

	private static Optional<DoseReading> dose(List<Double> masses, List<Double> volumes, List<Double> concentrations,
			List<Double> counts, List<Strength> strengths) {
		List<Double> amounts = new ArrayList<>(masses);
		if (!volumes.isEmpty()) {
			if (concentrations.size() > 1) {
				return ambiguous(concentrations, " mg/mL");
			}
			List<Strength> concentration = concentrations.isEmpty() ? strengths
					: List.of(Strength.perMilliliter(concentrations.get(0)));
			for (double volume : volumes) {
				DoseReading reading = DoseReader.convert(volume, DoseUnit.volume(1.0, "mL"), concentration);
				if (!reading.isRead()) {
					return Optional.of(reading);
				}
				amounts.add(reading.mg());
			}
		}
		amounts = Amounts.distinct(amounts);
		if (amounts.size() > 1) {
			return ambiguous(amounts, " mg");
		}
		if (counts.isEmpty()) {
			return amounts.stream().findFirst().map(DoseReading::of);
		}
		if (counts.size() > 1) {
			return ambiguous(counts, " capsules or tablets");
		}
		return Optional.of(countedDose(counts.get(0), amounts.stream().findFirst(), strengths));
	}

	/**
	 * A count of capsules, alone or beside an amount. "1 capsule (4.5 mg)" is 4.5 mg; "2
	 * capsules (4.5 mg)" is 4.5 mg of a 2.25 mg capsule, or 9 mg of a 4.5 mg one, or a
	 * quantity to dispense beside the dose: it is read only when the count times the
	 * product's strength is the amount, or, the strength unknown, the count is one.
	 */
	private static DoseReading countedDose(double count, Optional<Double> amount, List<Strength> strengths) {
		DoseReading counted = DoseReader.convert(count, DoseUnit.count(DoseUnit.SINGLE_UNIT, "capsule or tablet"),
				strengths);
		if (amount.isEmpty()) {
			return counted;
		}
		double mg = amount.get();
		if (counted.isRead() ? Amounts.same(mg, counted.mg()) : Amounts.same(count, 1.0)) {
			// One capsule of unknown strength: the amount is the dose.
			return DoseReading.of(mg);
		}
		return DoseReading.failed(DoseProblem.Kind.AMBIGUOUS_TEXT,
				Amounts.text(count) + " capsules or tablets and " + Amounts.text(mg) + " mg");
	}

	/**
	 * How often a day the text says, or empty when it does not say; text giving different
	 * frequencies is ambiguous.
	 */
	private static Optional<Double> timesPerDay(Scan scan) {
		List<Double> found = new ArrayList<>();
		SEVERAL_TIMES_A_DAY.forEach((pattern, perDay) -> found.addAll(scan.take(pattern, (matcher) -> perDay)));
		found.addAll(scan.take(EVERY_N_HOURS,
				(matcher) -> 24.0 / number((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2))));
		found.addAll(scan.take(ONCE_A_DAY, (matcher) -> 1.0));
		List<Double> distinct = Amounts.distinct(found.stream().filter(Double::isFinite).toList());
		return (distinct.size() == 1) ? Optional.of(distinct.get(0))
				: distinct.isEmpty() ? Optional.empty() : Optional.of(Double.NaN);
	}

	private static Optional<DoseReading> ambiguous(List<Double> values, String unit) {
		return Optional.of(DoseReading.failed(DoseProblem.Kind.AMBIGUOUS_TEXT,
				values.stream().map((value) -> Amounts.text(value) + unit).collect(Collectors.joining(" and "))));
	}

	private static double massFactor(String unit) {
		return DoseUnit.parse(unit).orElseThrow().factor();
	}

	private static double number(String written) {
		return Double.parseDouble(written);
	}

	/**
	 * The text, with what a pattern has read blanked out so that no later one reads it
	 * again. Blanking fills in place: the text never moves, so reading stays linear.
	 */
	private static final class Scan {

		private final char[] text;

		Scan(String text) {
			this.text = text.toCharArray();
		}

		<T> List<T> take(Pattern pattern, Function<Matcher, T> value) {
			List<T> values = new ArrayList<>();
			List<int[]> spans = new ArrayList<>();
			Matcher matcher = pattern.matcher(CharBuffer.wrap(text));
			while (matcher.find()) {
				values.add(value.apply(matcher));
				spans.add(new int[] { matcher.start(), matcher.end() });
			}
			spans.forEach((span) -> Arrays.fill(text, span[0], span[1], ' '));
			return values;
		}

	}

}
