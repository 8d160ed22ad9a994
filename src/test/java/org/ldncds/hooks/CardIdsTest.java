package org.ldncds.hooks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardIdsTest {

	@Test
	void anIdIsAVersion7UuidThatTellsWhenItWasMade() {
		Instant at = Instant.parse("2026-11-21T10:05:31.123Z");
		String id = new CardIds(Clock.fixed(at, ZoneOffset.UTC)).next();

		UUID uuid = UUID.fromString(id);
		assertThat(uuid.version()).isEqualTo(7);
		assertThat(uuid.variant()).isEqualTo(2);
		assertThat(CardIds.issuedAt(id)).contains(at);
	}

	@Test
	void idsMadeAtTheSameMillisecondDiffer() {
		CardIds ids = new CardIds(Clock.fixed(Instant.now(), ZoneOffset.UTC));
		Set<String> made = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			made.add(ids.next());
		}
		assertThat(made).hasSize(10_000);
	}

	@Test
	void anythingElseTellsNothing() {
		assertThat(CardIds.issuedAt(UUID.randomUUID().toString())).isEmpty();
		assertThat(CardIds.issuedAt("not-a-uuid")).isEmpty();
		assertThat(CardIds.issuedAt(null)).isEmpty();
		assertThat(CardIds.issuedAt("0190F6B2-7C1A-7ABC-8DEF-0123456789AB")).isPresent();
	}

}
