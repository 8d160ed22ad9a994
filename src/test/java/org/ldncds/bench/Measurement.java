package org.ldncds.bench;

/**
 * One measured run: its calls' latencies, how long it took, and the CPU time the process
 * under test spent on it.
 *
 * @param scenario what was measured
 * @param latencies every call's latency
 * @param elapsedNanos from the first call sent to the last answer
 * @param cpuNanos CPU time of the process that answered (user and system, every thread),
 * or -1 when unknown
 * @param failures calls that did not get the expected answer
 * @param note what the figures need said about them, or null
 */
record Measurement(String scenario, Latencies latencies, long elapsedNanos, long cpuNanos, int failures, String note) {

	int calls() {
		return latencies.count();
	}

	double callsPerSecond() {
		return (elapsedNanos <= 0) ? Double.NaN : calls() / (elapsedNanos / 1e9);
	}

	/** CPU milliseconds per call; {@code NaN} when unknown or there were no calls. */
	double cpuMillisPerCall() {
		return (cpuNanos < 0 || calls() == 0) ? Double.NaN : cpuNanos / 1e6 / calls();
	}

	/** This run's CPU per call as a multiple of the floor's; {@code NaN} when unknown. */
	double ratioTo(Measurement floor) {
		return cpuMillisPerCall() / floor.cpuMillisPerCall();
	}

	/** The same measurement, with the failures of another run of the same calls added. */
	Measurement withFailures(int more, String note) {
		return new Measurement(scenario, latencies, elapsedNanos, cpuNanos, failures + more, note);
	}

}
