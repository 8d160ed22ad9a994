package org.ldncds.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.ldncds.db.AuditTables;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention purge against a real database: calls, cards and feedback older than the
 * retention period go, the rest stays, the cut-off itself included. The rows are dated
 * years back, so the purge touches nothing of the other tests sharing the database. Run
 * against H2 and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class RetentionContractIT {

	/** Today, for the purge. */
	private static final Instant NOW = Instant.parse("2021-06-01T03:30:00Z");

	@Autowired
	AuditRepository repository;

	@Autowired
	AuditProperties properties;

	@Autowired
	JdbcClient jdbc;

	@Test
	void purgesCallsCardsAndFeedbackOlderThanTheRetentionPeriod() {
		Instant cutoff = NOW.minus(Duration.ofDays(properties.retentionDays()));
		AuditRecord old = callWithCard(cutoff.minusSeconds(1));
		AuditRecord atCutoff = callWithCard(cutoff);
		AuditRecord recent = callWithCard(NOW.minus(Duration.ofDays(1)));
		repository.insert(List.of(old, atCutoff, recent));
		insertFeedback(cardOf(old), cutoff.minusSeconds(1));
		insertFeedback(cardOf(atCutoff), cutoff);
		insertFeedback(cardOf(recent), NOW);

		int deleted = new AuditConfiguration.Retention(repository, properties, Clock.fixed(NOW, ZoneOffset.UTC))
			.purge();

		assertThat(deleted).as("one call, its card and its feedback").isEqualTo(3);
		AuditTables tables = new AuditTables(jdbc);
		assertThat(tables.count("service_call", "call_id", old.callId())).isZero();
		assertThat(tables.count("issued_card", "card_uuid", cardOf(old))).isZero();
		assertThat(tables.count("card_feedback", "card_uuid", cardOf(old))).isZero();
		for (AuditRecord kept : List.of(atCutoff, recent)) {
			assertThat(tables.count("service_call", "call_id", kept.callId())).isOne();
			assertThat(tables.count("issued_card", "card_uuid", cardOf(kept))).isOne();
			assertThat(tables.count("card_feedback", "card_uuid", cardOf(kept))).isOne();
		}
	}

	@Test
	void purgesTheCardsOfAPurgedCallWhateverTheirDate() {
		Instant cutoff = NOW.minus(Duration.ofDays(properties.retentionDays()));
		AuditRecord call = callWithCard(cutoff.minusSeconds(60));
		repository.insert(List.of(call));
		jdbc.sql("update issued_card set issued_at = ? where call_id = ?")
			.params(Timestamp.from(NOW), call.callId())
			.update();

		new AuditConfiguration.Retention(repository, properties, Clock.fixed(NOW, ZoneOffset.UTC)).purge();

		assertThat(new AuditTables(jdbc).count("issued_card", "call_id", call.callId())).isZero();
	}

	private static AuditRecord callWithCard(Instant at) {
		AuditRecord.CardRecord card = new AuditRecord.CardRecord(UUID.randomUUID().toString(), "A rule", "warning",
				"A summary", List.of(UUID.randomUUID().toString()), List.of("http://example.org|reason"));
		return new AuditRecord(UUID.randomUUID().toString(), at, "ldn-order-select", "order-select",
				UUID.randomUUID().toString(), null, null, null, "0".repeat(64), "2021.1.0+abc", List.of("A rule"),
				List.of("patient"), List.of(), List.of(), List.of(card), 200, 12);
	}

	private static String cardOf(AuditRecord call) {
		return call.cards().get(0).uuid();
	}

	private void insertFeedback(String card, Instant receivedAt) {
		jdbc.sql("""
				insert into card_feedback (card_uuid, service_id, outcome, outcome_timestamp, received_at)
				values (?, 'ldn-order-select', 'overridden', ?, ?)
				""").params(card, Timestamp.from(receivedAt), Timestamp.from(receivedAt)).update();
	}

}
