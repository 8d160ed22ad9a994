package org.ldncds.facts;

import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.TimingRepeatComponent;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;

/** How many times a day a dosage instruction is taken, when it says. */
final class Frequency {

	/** HL7 v3 timing abbreviations (GTSAbbreviation) as administrations per day. */
	private static final Map<String, Double> PER_DAY_BY_CODE = Map.of("QD", 1.0, "BID", 2.0, "TID", 3.0, "QID", 4.0,
			"QOD", 0.5, "Q4H", 6.0, "Q6H", 4.0, "Q8H", 3.0, "AM", 1.0, "PM", 1.0);

	private Frequency() {
	}

	static Optional<Double> timesPerDay(Dosage dosage) {
		if (dosage == null || !dosage.hasTiming()) {
			return Optional.empty();
		}
		Timing timing = dosage.getTiming();
		if (timing.hasRepeat() && timing.getRepeat().hasPeriod()) {
			return fromRepeat(timing.getRepeat());
		}
		if (timing.hasCode()) {
			return timing.getCode()
				.getCoding()
				.stream()
				.map((coding) -> PER_DAY_BY_CODE.get(coding.getCode()))
				.filter(java.util.Objects::nonNull)
				.findFirst();
		}
		if (timing.hasRepeat() && timing.getRepeat().hasWhen()) {
			return Optional.of((double) timing.getRepeat().getWhen().size());
		}
		return Optional.empty();
	}

	private static Optional<Double> fromRepeat(TimingRepeatComponent repeat) {
		double frequency = repeat.hasFrequency() ? repeat.getFrequency() : 1;
		double period = repeat.getPeriod().doubleValue();
		Optional<Double> daysPerUnit = daysIn(repeat.getPeriodUnit());
		if (period <= 0 || daysPerUnit.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(frequency / (period * daysPerUnit.get()));
	}

	private static Optional<Double> daysIn(UnitsOfTime unit) {
		if (unit == null) {
			return Optional.empty();
		}
		return switch (unit) {
			case S -> Optional.of(1.0 / 86400);
			case MIN -> Optional.of(1.0 / 1440);
			case H -> Optional.of(1.0 / 24);
			case D -> Optional.of(1.0);
			case WK -> Optional.of(7.0);
			case MO -> Optional.of(30.0);
			case A -> Optional.of(365.0);
			default -> Optional.empty();
		};
	}

}
