package org.ldncds.facts;

import java.util.List;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Dosage.DosageDoseAndRateComponent;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Reads the amount of one administration in mg from a dosage instruction, as EHRs write
 * it: a mass ("4.5 mg", "4500 ug"), a count of tablets or capsules ("1 {pill}", "2
 * capsule") times the product's strength, a volume ("4.5 mL") times its concentration,
 * the high end of a {@code doseRange}, or, when there is no structured dose, the
 * instructions text ("Take 4.5 mg at bedtime"). Nothing is guessed: a unit it does not
 * know, a count without one strength, or text naming different doses gives no amount and
 * says why.
 */
final class DoseReader {

	private DoseReader() {
	}

	/**
	 * @param dosage the first dosage instruction, or {@code null} when there is none
	 * @param strengths the strengths the product states (see {@link Strength#ofProduct})
	 */
	static DoseReading read(Dosage dosage, List<Strength> strengths) {
		if (dosage == null) {
			return DoseReading.failed(DoseProblem.Kind.NO_DOSE);
		}
		DoseReading first = null;
		for (DosageDoseAndRateComponent doseAndRate : dosage.getDoseAndRate()) {
			if (!doseAndRate.hasDoseQuantity() && !doseAndRate.hasDoseRange()) {
				continue;
			}
			// A range is judged by its high end: the most the order allows.
			Quantity amount = doseAndRate.hasDoseQuantity() ? doseAndRate.getDoseQuantity()
					: doseAndRate.getDoseRange().getHigh();
			DoseReading reading = quantity(amount, strengths);
			if (reading.isRead()) {
				return reading;
			}
			first = (first == null) ? reading : first;
		}
		if (first != null) {
			return first;
		}
		boolean timed = Frequency.timesPerDay(dosage).isPresent();
		return dosage.hasText() ? DoseText.read(dosage.getText(), strengths, !timed)
				: DoseReading.failed(DoseProblem.Kind.NO_DOSE);
	}

	static DoseReading quantity(Quantity amount, List<Strength> strengths) {
		if (amount == null || !amount.hasValue()) {
			return DoseReading.failed(DoseProblem.Kind.NO_VALUE);
		}
		return DoseUnit.of(amount)
			.map((unit) -> convert(amount.getValue().doubleValue(), unit, strengths))
			.orElseGet(() -> DoseReading.failed(DoseProblem.Kind.UNIT_NOT_UNDERSTOOD, writtenUnit(amount)));
	}

	/** The amount in mg of {@code value} of {@code unit} of the product. */
	static DoseReading convert(double value, DoseUnit unit, List<Strength> strengths) {
		if (unit.isMass()) {
			return DoseReading.of(value * unit.factor());
		}
		List<Strength> fitting = strengths.stream().filter((strength) -> strength.fits(unit)).toList();
		List<Double> amounts = Amounts.distinct(fitting.stream().map(Strength::mg).toList());
		if (amounts.size() > 1) {
			return DoseReading.failed(DoseProblem.Kind.SEVERAL_STRENGTHS,
					fitting.stream().map(Strength::text).distinct().collect(Collectors.joining(", ")));
		}
		if (amounts.isEmpty()) {
			DoseProblem.Kind why = unit.isVolume() ? DoseProblem.Kind.NO_CONCENTRATION
					: DoseUnit.SINGLE_UNIT.equals(unit.form()) ? DoseProblem.Kind.NO_STRENGTH
							: DoseProblem.Kind.UNIT_NOT_UNDERSTOOD;
			return DoseReading.failed(why, unit.written());
		}
		return DoseReading.of(value * unit.factor() * amounts.get(0));
	}

	private static String writtenUnit(Quantity amount) {
		if (amount.hasCode()) {
			return amount.getCode();
		}
		return amount.hasUnit() ? amount.getUnit() : "";
	}

}
