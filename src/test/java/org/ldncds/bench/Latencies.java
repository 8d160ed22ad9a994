package org.ldncds.bench;

import java.util.Arrays;

/**
 * Call latencies of one measurement, sorted: percentiles by the nearest-rank method (the
 * p-th percentile is the smallest latency at or below which p % of the calls fall, as wrk
 * and HdrHistogram report it), and the mean.
 */
final class Latencies {

	private final long[] sortedNanos;

	private Latencies(long[] sortedNanos) {
		this.sortedNanos = sortedNanos;
	}

	/** The latencies given, in nanoseconds, in any order; the array is not kept. */
	static Latencies ofNanos(long... nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return new Latencies(sorted);
	}

	int count() {
		return sortedNanos.length;
	}

	/**
	 * The percentile in milliseconds; {@code NaN} when there are no calls.
	 * @param percent from 0 (the fastest call) to 100 (the slowest)
	 */
	double percentileMillis(double percent) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("a percentile is from 0 to 100, not " + percent);
		}
		int n = sortedNanos.length;
		if (n == 0) {
			return Double.NaN;
		}
		// Rank 1..n; the product is exact for whole percentages, so p99 of 100 calls is
		// the 99th and not the 100th.
		int rank = (int) Math.ceil(percent * n / 100.0);
		return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
	}

	/** The mean in milliseconds; {@code NaN} when there are no calls. */
	double meanMillis() {
		if (sortedNanos.length == 0) {
			return Double.NaN;
		}
		double total = 0;
		for (long nanos : sortedNanos) {
			total += nanos;
		}
		return total / sortedNanos.length / 1e6;
	}

}
