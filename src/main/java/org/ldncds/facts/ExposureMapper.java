package org.ldncds.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.ldncds.facts.MedicationExposure.EndBasis;
import org.ldncds.hooks.BundleReferences;

/**
 * Turns the records of medication taken outside the current orders into
 * {@link MedicationExposure}s: orders that ended (completed or stopped), medication
 * statements (active, intended, completed or stopped), and dispenses. The end date is the
 * best the record gives: for an ended order the end of its validity or dosage period if
 * that has passed, else its last update, else the day it was written (it ended on or
 * after that day); for a statement the end of its period, the time it gives, the day it
 * was made or its last update; for a dispense the day handed over (or prepared) plus the
 * days' supply. A record that gives no date at all is left out: how recent it is cannot
 * be told.
 */
final class ExposureMapper {

	private static final Set<MedicationRequestStatus> ENDED_ORDER = Set.of(MedicationRequestStatus.COMPLETED,
			MedicationRequestStatus.STOPPED);

	private static final Set<String> TAKEN_NOW = Set.of("active", "intended");

	private static final Set<String> TAKEN_BEFORE = Set.of("completed", "stopped");

	private static final Set<String> DISPENSED = Set.of("completed", "in-progress");

	private static final Set<String> DAY_UNITS = Set.of("d", "day", "days");

	private final MedicationMapper medications;

	private final FhirDates dates;

	ExposureMapper(MedicationMapper medications, FhirDates dates) {
		this.medications = medications;
		this.dates = dates;
	}

	static boolean isEnded(MedicationRequest order) {
		return order.hasStatus() && ENDED_ORDER.contains(order.getStatus());
	}

	/** An order that ended, when it says (or its record tells) roughly when. */
	Optional<MedicationExposure> endedOrder(MedicationRequest order, BundleReferences references) {
		if (!isEnded(order)) {
			return Optional.empty();
		}
		LocalDate today = dates.today();
		List<Ended> periodEnds = new ArrayList<>();
		if (order.getDispenseRequest().hasValidityPeriod()) {
			periodEnd(order.getDispenseRequest().getValidityPeriod(), EndBasis.VALIDITY_PERIOD)
				.ifPresent(periodEnds::add);
		}
		for (Dosage dosage : order.getDosageInstruction()) {
			if (dosage.getTiming().getRepeat().hasBoundsPeriod()) {
				periodEnd(dosage.getTiming().getRepeat().getBoundsPeriod(), EndBasis.DOSAGE_PERIOD)
					.ifPresent(periodEnds::add);
			}
		}
		// A period that ends in the future says when the order would have ended, not
		// when it was stopped.
		Optional<Ended> end = periodEnds.stream()
			.filter((ended) -> !ended.day().isAfter(today))
			.max(Comparator.comparing(Ended::day))
			.or(() -> lastUpdate(order))
			.or(() -> dates.latestDay(order.getAuthoredOnElement()).map((day) -> new Ended(day, EndBasis.WRITTEN)));
		return end
			.map((ended) -> exposure(order, order.getMedication(), references, order.getStatus().toCode(), ended));
	}

	/** A statement of use now (active, intended) or before (completed, stopped). */
	Optional<MedicationExposure> statement(MedicationStatement statement, BundleReferences references) {
		String status = statement.hasStatus() ? statement.getStatus().toCode() : "";
		Optional<Ended> end;
		if (TAKEN_NOW.contains(status)) {
			end = statement.hasEffectivePeriod() ? periodEnd(statement.getEffectivePeriod(), EndBasis.EFFECTIVE_PERIOD)
					: Optional.empty();
			return Optional.of(exposure(statement, statement.getMedication(), references, status,
					end.orElse(new Ended(null, EndBasis.NOT_ENDED))));
		}
		if (!TAKEN_BEFORE.contains(status)) {
			return Optional.empty();
		}
		end = effectiveEnd(statement)
			.or(() -> dates.latestDay(statement.getDateAssertedElement())
				.map((day) -> new Ended(day, EndBasis.ASSERTED)))
			.or(() -> lastUpdate(statement));
		return end.map((ended) -> exposure(statement, statement.getMedication(), references, status, ended));
	}

	/** A dispense handed over (or prepared): the supply lasts its days' supply. */
	Optional<MedicationExposure> dispense(MedicationDispense dispense, BundleReferences references) {
		String status = dispense.hasStatus() ? dispense.getStatus().toCode() : "";
		if (!DISPENSED.contains(status)) {
			return Optional.empty();
		}
		Optional<LocalDate> dispensed = dates.latestDay(dispense.getWhenHandedOverElement())
			.or(() -> dates.latestDay(dispense.getWhenPreparedElement()));
		if (dispensed.isEmpty()) {
			return Optional.empty();
		}
		Optional<Long> supplyDays = daysOf(dispense.getDaysSupply());
		Ended ended = supplyDays.map((days) -> new Ended(dispensed.get().plusDays(days), EndBasis.SUPPLY))
			.orElse(new Ended(dispensed.get(), EndBasis.DISPENSED));
		return Optional.of(exposure(dispense, dispense.getMedication(), references, status, ended));
	}

	private MedicationExposure exposure(Resource record, Type medication, BundleReferences references, String status,
			Ended ended) {
		MedicationMapper.Drug drug = medications.identify(medication, record, references);
		Integer daysSince = (ended.day() == null) ? null : dates.daysAgo(ended.day());
		return new MedicationExposure(references.referenceTo(record), drug.name(), drug.valueSets(), record.fhirType(),
				status, ended.day(), daysSince, ended.basis());
	}

	private Optional<Ended> effectiveEnd(MedicationStatement statement) {
		if (statement.hasEffectivePeriod()) {
			Period period = statement.getEffectivePeriod();
			return periodEnd(period, EndBasis.EFFECTIVE_PERIOD)
				.or(() -> dates.latestDay(period.getStartElement()).map((day) -> new Ended(day, EndBasis.STARTED)));
		}
		if (statement.hasEffectiveDateTimeType()) {
			return dates.latestDay(statement.getEffectiveDateTimeType())
				.map((day) -> new Ended(day, EndBasis.EFFECTIVE_TIME));
		}
		return Optional.empty();
	}

	private Optional<Ended> periodEnd(Period period, EndBasis basis) {
		return dates.latestDay(period.getEndElement()).map((day) -> new Ended(day, basis));
	}

	private Optional<Ended> lastUpdate(Resource record) {
		if (!record.getMeta().hasLastUpdated()) {
			return Optional.empty();
		}
		return dates.latestDay(record.getMeta().getLastUpdatedElement())
			.map((day) -> day.isAfter(dates.today()) ? dates.today() : day)
			.map((day) -> new Ended(day, EndBasis.LAST_UPDATE));
	}

	/** A days' supply in days (UCUM {@code d}, or the unit written "day(s)"). */
	private static Optional<Long> daysOf(Quantity supply) {
		if (supply == null || !supply.hasValue() || supply.getValue().signum() <= 0) {
			return Optional.empty();
		}
		String unit = supply.hasCode() ? supply.getCode() : supply.getUnit();
		if (unit != null && !DAY_UNITS.contains(unit.strip().toLowerCase(Locale.ROOT))) {
			return Optional.empty();
		}
		// A part day still leaves medicine for that day.
		return Optional.of((long) Math.ceil(supply.getValue().doubleValue()));
	}

	/**
	 * An end date and what it rests on; the day is {@code null} for use with no end.
	 */
	private record Ended(LocalDate day, EndBasis basis) {
	}

}
