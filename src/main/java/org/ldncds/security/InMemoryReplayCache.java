package org.ldncds.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each token id (per issuer) until its token expires, so that a captured token
 * cannot be replayed. Token lifetimes are capped, so the memory it holds is bounded by
 * the call rate times the longest lifetime.
 */
final class ReplayCache {

	private final Map<String, Instant> seenUntil = new ConcurrentHashMap<>();

	private final Clock clock;

	private volatile Instant nextSweep;

	ReplayCache(Clock clock) {
		this.clock = clock;
		this.nextSweep = clock.instant();
	}

	/** Records the id; false when it was seen before and has not expired. */
	boolean firstUse(String issuer, String jti, Instant expiresAt) {
		sweepExpired();
		return seenUntil.putIfAbsent(issuer + "\n" + jti, expiresAt) == null;
	}

	private void sweepExpired() {
		Instant now = clock.instant();
		if (now.isAfter(nextSweep)) {
			nextSweep = now.plusSeconds(30);
			seenUntil.values().removeIf((until) -> until.isBefore(now));
		}
	}

}
