package org.ldncds.facts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/**
 * FHIR dates as days on the service's clock. A partial date ("2026", "2026-11") stands
 * for its latest possible day, so that "how long ago" errs towards "more recently": a
 * safety check never misses a recent event because its date was written coarsely.
 */
final class FhirDates {

	private final Clock clock;

	FhirDates(Clock clock) {
		this.clock = clock;
	}

	LocalDate today() {
		return LocalDate.now(clock);
	}

	/** The day of the date, its latest possible day when it is partial. */
	Optional<LocalDate> latestDay(BaseDateTimeType date) {
		if (date == null || date.isEmpty() || date.getValue() == null || date.getYear() == null) {
			return Optional.empty();
		}
		TemporalPrecisionEnum precision = date.getPrecision();
		return Optional.of(switch (precision) {
			case YEAR -> LocalDate.of(date.getYear(), 12, 31);
			case MONTH -> YearMonth.of(date.getYear(), date.getMonth() + 1).atEndOfMonth();
			case DAY -> LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
			default -> date.getValue().toInstant().atZone(clock.getZone()).toLocalDate();
		});
	}

	/** Days from the day to today: positive in the past, negative in the future. */
	int daysAgo(LocalDate day) {
		return (int) ChronoUnit.DAYS.between(day, today());
	}

}
