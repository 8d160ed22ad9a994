package org.ldncds.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * How often one client's key URLs may be fetched: at most {@code limit} fetches in any
 * window of {@code period}. Each client has its own, so that a client that makes a new
 * key per page load can be allowed many refreshes without letting anyone else's tokens
 * make the service fetch more often.
 */
final class KeyRefreshLimit {

	private final int limit;

	private final Duration period;

	private final Clock clock;

	private final Deque<Instant> fetches = new ArrayDeque<>();

	KeyRefreshLimit(int limit, Duration period, Clock clock) {
		if (limit < 1 || period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("a key refresh limit needs at least 1 fetch in a positive period");
		}
		this.limit = limit;
		this.period = period;
		this.clock = clock;
	}

	/** Counts a fetch and returns true, or returns false when the limit is reached. */
	synchronized boolean tryFetch() {
		Instant now = clock.instant();
		while (!fetches.isEmpty() && !fetches.peekFirst().isAfter(now.minus(period))) {
			fetches.removeFirst();
		}
		if (fetches.size() >= limit) {
			return false;
		}
		fetches.addLast(now);
		return true;
	}

	/** For the log: "2 fetches per PT30S". */
	@Override
	public String toString() {
		return limit + (limit == 1 ? " fetch" : " fetches") + " per "
				+ period.toString().substring(2).toLowerCase(Locale.ROOT);
	}

}
