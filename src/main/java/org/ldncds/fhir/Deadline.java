package org.ldncds.fhir;

import java.time.Duration;

/**
 * The moment by which a call's fetches must be over: waits, reads and parsing all stop
 * there, so that no thread outlives the call's time budget.
 *
 * @param atNanos the {@link System#nanoTime()} of the deadline
 */
record Deadline(long atNanos) {

	static Deadline after(Duration budget) {
		return new Deadline(System.nanoTime() + budget.toNanos());
	}

	/** Nanoseconds left, never negative. */
	long remainingNanos() {
		return Math.max(0, atNanos - System.nanoTime());
	}

	Duration remaining() {
		return Duration.ofNanos(remainingNanos());
	}

	boolean passed() {
		return remainingNanos() == 0;
	}

}
