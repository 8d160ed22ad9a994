package org.ldncds.cards;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.ldncds.knowledge.CardTemplate.DoseStep;

/**
 * The quantity a changed order dispenses, so that it covers the days the original order
 * covered: units a day at the new dose (each titration step for its days, the last step
 * for the days left) times the days, rounded up to whole units. The days are the
 * original's {@code expectedSupplyDuration}, or its quantity divided by the units a day
 * its dosage takes. A product counted in units of a known mass (a capsule, a tablet), or
 * a liquid of a known concentration dispensed in millilitres, is recomputed (to whole
 * units, whole millilitres); an order without a quantity gets none.
 */
final class DispensedSupply {

	private static final MathContext EXACT = MathContext.DECIMAL64;

	/** Units of a quantity that count capsules or tablets. */
	private static final List<String> COUNT_UNITS = List.of("1", "{capsule}", "{capsules}", "{tbl}", "{tablet}",
			"{tablets}", "capsule", "capsules", "tablet", "tablets", "cap", "caps", "tab", "tabs", "each", "unit",
			"units", "{unit}");

	private DispensedSupply() {
	}

	/**
	 * Sets the changed order's quantity to cover the original's days at the new steps.
	 * @param original the order as the EHR drafted it
	 * @param changed its copy with the new dosage and product
	 * @param oldStrength the original product's mass per unit, in mg, when known
	 * @param newStrength the changed product's mass per unit, in mg, when known
	 * @param concentration the product's mg per mL when it is a liquid of a known
	 * concentration
	 * @param steps the new daily doses in mg, each (but the last) for its duration
	 */
	static void follow(MedicationRequest original, MedicationRequest changed, BigDecimal oldStrength,
			BigDecimal newStrength, BigDecimal concentration, List<DoseStep> steps) {
		MedicationRequest.MedicationRequestDispenseRequestComponent dispense = original.getDispenseRequest();
		if (!original.hasDispenseRequest() || !dispense.hasQuantity() || !dispense.getQuantity().hasValue()) {
			return;
		}
		if (isMillilitres(dispense.getQuantity()) && concentration != null && concentration.signum() > 0) {
			// A liquid: its concentration is the same before and after the change.
			oldStrength = concentration;
			newStrength = concentration;
		}
		else if (!countsUnits(dispense.getQuantity())) {
			return;
		}
		if (newStrength == null || newStrength.signum() <= 0) {
			return;
		}
		Optional<BigDecimal> days = supplyDays(original, oldStrength);
		if (days.isEmpty()) {
			return;
		}
		BigDecimal units = unitsFor(steps, newStrength, days.get());
		changed.getDispenseRequest().getQuantity().setValue(units);
	}

	/**
	 * The units the steps take over the days: each step its days (at most those left),
	 * the last one every day left; rounded up to a whole unit.
	 */
	static BigDecimal unitsFor(List<DoseStep> steps, BigDecimal strength, BigDecimal days) {
		BigDecimal left = days;
		BigDecimal units = BigDecimal.ZERO;
		for (int i = 0; i < steps.size() && left.signum() > 0; i++) {
			DoseStep step = steps.get(i);
			BigDecimal stepDays = (i == steps.size() - 1 || step.duration() == null) ? left
					: left.min(BigDecimal.valueOf(step.duration()).multiply(daysPer(step.unit())));
			BigDecimal perDay = BigDecimal.valueOf(step.doseMg()).divide(strength, EXACT);
			units = units.add(perDay.multiply(stepDays));
			left = left.subtract(stepDays);
		}
		return units.setScale(0, RoundingMode.CEILING);
	}

	/**
	 * The days the original supplies: its expected supply duration, else its quantity
	 * over the units a day its dosage takes.
	 */
	static Optional<BigDecimal> supplyDays(MedicationRequest original, BigDecimal strength) {
		MedicationRequest.MedicationRequestDispenseRequestComponent dispense = original.getDispenseRequest();
		if (dispense.hasExpectedSupplyDuration()) {
			return days(dispense.getExpectedSupplyDuration());
		}
		Optional<BigDecimal> perDay = unitsPerDay(original.getDosageInstruction(), strength);
		return perDay.filter((value) -> value.signum() > 0)
			.map((value) -> dispense.getQuantity().getValue().divide(value, EXACT));
	}

	/** A duration in days; empty for a unit whose days vary (a month) or none. */
	private static Optional<BigDecimal> days(Duration duration) {
		if (!duration.hasValue() || duration.getValue().signum() <= 0) {
			return Optional.empty();
		}
		String unit = duration.hasCode() ? duration.getCode() : duration.getUnit();
		if (unit == null) {
			return Optional.empty();
		}
		BigDecimal per = daysPer(unit.strip().toLowerCase(Locale.ROOT));
		return (per == null) ? Optional.empty() : Optional.of(duration.getValue().multiply(per));
	}

	/** Days in a UCUM day or week (or their words); {@code null} for any other unit. */
	private static BigDecimal daysPer(String unit) {
		return switch (unit) {
			case "d", "day", "days" -> BigDecimal.ONE;
			case "wk", "week", "weeks" -> BigDecimal.valueOf(7);
			default -> null;
		};
	}

	/**
	 * The units a day the dosage lines take together: each line's dose (in units, or in
	 * mg over the strength) times its times a day; empty when any line cannot be read.
	 */
	static Optional<BigDecimal> unitsPerDay(List<Dosage> dosages, BigDecimal strength) {
		if (dosages.isEmpty()) {
			return Optional.empty();
		}
		BigDecimal total = BigDecimal.ZERO;
		for (Dosage dosage : dosages) {
			if (dosage.hasSequence() && dosages.size() > 1 && dosage.getTiming().getRepeat().hasBounds()) {
				// A titration already: its steps are not taken together.
				return Optional.empty();
			}
			Optional<BigDecimal> units = unitsPerDose(dosage, strength);
			Optional<BigDecimal> times = timesPerDay(dosage.getTiming());
			if (units.isEmpty() || times.isEmpty()) {
				return Optional.empty();
			}
			total = total.add(units.get().multiply(times.get()));
		}
		return Optional.of(total);
	}

	private static Optional<BigDecimal> unitsPerDose(Dosage dosage, BigDecimal strength) {
		if (dosage.getDoseAndRate().size() != 1 || !dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
			return Optional.empty();
		}
		Quantity dose = dosage.getDoseAndRateFirstRep().getDoseQuantity();
		if (!dose.hasValue()) {
			return Optional.empty();
		}
		if (countsUnits(dose) || isMillilitres(dose)) {
			// Units, or millilitres of a liquid whose quantity is in millilitres too.
			return Optional.of(dose.getValue());
		}
		if (strength == null || strength.signum() <= 0) {
			return Optional.empty();
		}
		String unit = dose.hasCode() ? dose.getCode() : dose.getUnit();
		return ProductStrength.strengthIn(dose.getValue().toPlainString() + " " + ((unit == null) ? "" : unit.strip()))
			.map((mg) -> mg.divide(strength, EXACT));
	}

	/** Times a day of a timing; once a day when it gives no repeat. */
	private static Optional<BigDecimal> timesPerDay(Timing timing) {
		Timing.TimingRepeatComponent repeat = timing.getRepeat();
		if (timing.hasCode() && !repeat.hasFrequency() && !repeat.hasPeriod()) {
			return Optional.empty();
		}
		if (repeat.hasFrequencyMax() || repeat.hasPeriodMax()) {
			return Optional.empty();
		}
		BigDecimal frequency = BigDecimal.valueOf(repeat.hasFrequency() ? repeat.getFrequency() : 1);
		BigDecimal period = repeat.hasPeriod() ? repeat.getPeriod() : BigDecimal.ONE;
		if (period.signum() <= 0) {
			return Optional.empty();
		}
		BigDecimal periodDays;
		Timing.UnitsOfTime unit = repeat.hasPeriodUnit() ? repeat.getPeriodUnit() : Timing.UnitsOfTime.D;
		switch (unit) {
			case H -> periodDays = period.divide(BigDecimal.valueOf(24), EXACT);
			case D -> periodDays = period;
			case WK -> periodDays = period.multiply(BigDecimal.valueOf(7));
			default -> {
				return Optional.empty();
			}
		}
		return Optional.of(frequency.divide(periodDays, EXACT));
	}

	/** Whether the quantity is a volume in millilitres. */
	static boolean isMillilitres(Quantity quantity) {
		return Stream.of(quantity.getCode(), quantity.getUnit())
			.filter((unit) -> unit != null)
			.map((unit) -> unit.strip().toLowerCase(Locale.ROOT))
			.anyMatch((unit) -> unit.equals("ml") || unit.equals("millilitre") || unit.equals("milliliter")
					|| unit.equals("millilitres") || unit.equals("milliliters"));
	}

	/** Whether the quantity counts capsules or tablets (or gives no unit). */
	private static boolean countsUnits(Quantity quantity) {
		if (!quantity.hasCode() && !quantity.hasUnit()) {
			return true;
		}
		return Stream.of(quantity.getCode(), quantity.getUnit())
			.filter((unit) -> unit != null && !unit.isBlank())
			.map((unit) -> unit.strip().toLowerCase(Locale.ROOT))
			.anyMatch((unit) -> COUNT_UNITS.contains(unit)
					|| (ProductStrength.formIn(unit).isPresent() && !unit.contains("/")));
	}

}
