package org.ldncds.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replay cache of a single instance, in its memory: a token replayed on another
 * instance is not detected. Token lifetimes are capped, so the memory it holds is bounded
 * by the call rate times the longest lifetime.
 */
final class InMemoryReplayCache implements ReplayCache {

	private final Map<String, Instant> seenUntil = new ConcurrentHashMap<>();

	private final Clock clock;

	private volatile Instant nextSweep;

	InMemoryReplayCache(Clock clock) {
		this.clock = clock;
		this.nextSweep = clock.instant();
	}

	@Override
	public boolean firstUse(String issuer, String jti, Instant expiresAt) {
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
