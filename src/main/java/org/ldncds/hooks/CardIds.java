package org.ldncds.hooks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The uuids of cards and suggestions: time-ordered UUIDs (version 7, RFC 9562), 48 bits
 * of milliseconds since the epoch followed by 74 random bits. Any other instance can tell
 * from a card's uuid when it was issued, and so tell feedback on a card issued a moment
 * ago, whose audit record may not be in the database yet, from feedback on a card never
 * issued. New ids also land at the right edge of the database indexes.
 */
public final class CardIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Clock clock;

	public CardIds(Clock clock) {
		this.clock = clock;
	}

	/** A new id, made now. */
	public String next() {
		return of(clock.millis()).toString();
	}

	static UUID of(long millis) {
		long random = RANDOM.nextLong();
		long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
		long low = (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(high, low);
	}

	/**
	 * When the card with this id was issued, if the id is one this service makes (a
	 * version 7 UUID); empty for anything else.
	 */
	public static Optional<Instant> issuedAt(String id) {
		UUID uuid;
		try {
			if (id == null || id.length() != 36) {
				return Optional.empty();
			}
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (uuid.version() != 7 || uuid.variant() != 2) {
			return Optional.empty();
		}
		return Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16));
	}

}
