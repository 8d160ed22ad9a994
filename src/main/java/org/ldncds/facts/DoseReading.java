package org.ldncds.facts;

import java.util.Optional;

/**
 * The amount of one administration in mg, or why it could not be read.
 *
 * @param mg the amount of one administration, or {@code null}
 * @param timesPerDay how often a day, when only the instructions text says, or
 * {@code null}
 * @param problem why there is no amount, or {@code null}
 */
record DoseReading(Double mg, Double timesPerDay, DoseProblem problem) {

	static DoseReading of(double mg) {
		return new DoseReading(mg, null, null);
	}

	static DoseReading failed(DoseProblem.Kind kind, String subject) {
		return new DoseReading(null, null, new DoseProblem(kind, subject));
	}

	static DoseReading failed(DoseProblem.Kind kind) {
		return failed(kind, "");
	}

	DoseReading timesPerDay(Optional<Double> times) {
		return new DoseReading(mg, times.orElse(null), problem);
	}

	boolean isRead() {
		return mg != null;
	}

}
