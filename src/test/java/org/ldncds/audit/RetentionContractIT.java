package org.ldncds.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.db.AuditTables;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention purge against a real database: the days (UTC) that ended before the
 * retention period's cut-off go, calls, cards, feedback and roll-ups, the rest stays, the
 * cut-off's day included; on PostgreSQL by dropping the days' partitions. The purge runs
 * on one instance at a time. The rows are dated years back, so the purge touches nothing
 * of the other tests sharing the database. Run against H2 and PostgreSQL by the
 * subclasses.
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

	@BeforeEach
	void freeTheLease() {
		// The lease's times are the fixed clocks' of these tests.
		jdbc.sql("delete from job_lease").update();
	}

	@Test
	void purgesTheDaysOlderThanTheRetentionPeriodWithTheirFeedbackAndRollUps() {
		Instant cutoff = NOW.minus(Duration.ofDays(properties.retentionDays()));
		Instant firstKept = cutoff.truncatedTo(ChronoUnit.DAYS);
		AuditRecord old = callWithCard(firstKept.minusSeconds(1));
		AuditRecord sameDayAsCutoff = callWithCard(firstKept);
		AuditRecord recent = callWithCard(NOW.minus(Duration.ofDays(1)));
		repository.insert(List.of(old, sameDayAsCutoff, recent));
		insertFeedback(cardOf(old), firstKept.minusSeconds(1));
		insertFeedback(cardOf(sameDayAsCutoff), firstKept);
		insertFeedback(cardOf(recent), NOW);
		assertThat(shownOn(old)).isOne();

		Optional<AuditRepository.Purged> purged = retention(NOW).purge();

		assertThat(purged).isPresent();
		assertThat(purged.get().firstDayKept()).isEqualTo(LocalDate.ofInstant(cutoff, ZoneOffset.UTC));
		if (repository.postgres()) {
			assertThat(purged.get().partitions()).as("the day's partitions of both tables").isGreaterThanOrEqualTo(2);
			assertThat(repository.partitions()).noneMatch((name) -> name.endsWith(partitionSuffix(old)));
		}
		AuditTables tables = new AuditTables(jdbc);
		assertThat(tables.count("service_call", "call_id", old.callId())).isZero();
		assertThat(tables.count("issued_card", "card_uuid", cardOf(old))).isZero();
		assertThat(tables.count("card_feedback", "card_uuid", cardOf(old))).isZero();
		assertThat(shownOn(old)).as("its day's roll-up").isZero();
		for (AuditRecord kept : List.of(sameDayAsCutoff, recent)) {
			assertThat(tables.count("service_call", "call_id", kept.callId())).isOne();
			assertThat(tables.count("issued_card", "card_uuid", cardOf(kept))).isOne();
			assertThat(tables.count("card_feedback", "card_uuid", cardOf(kept))).isOne();
			assertThat(shownOn(kept)).isOne();
		}
	}

	@Test
	void aRecordWrittenAgainIsNeitherStoredNorCountedTwice() {
		AuditRecord call = callWithCard(NOW.minus(Duration.ofDays(3)));
		repository.insert(List.of(call));
		repository.insert(List.of(call));

		AuditTables tables = new AuditTables(jdbc);
		assertThat(tables.count("service_call", "call_id", call.callId())).isOne();
		assertThat(tables.count("issued_card", "card_uuid", cardOf(call))).isOne();
		assertThat(shownOn(call)).isOne();
	}

	@Test
	void thePurgeRunsOnOneInstanceAtATime() {
		AuditConfiguration.Retention first = retention(NOW);
		AuditConfiguration.Retention second = retention(NOW);

		assertThat(first.purge()).isPresent();
		assertThat(second.purge()).as("a moment later, on another instance").isEmpty();
		assertThat(retention(NOW.plus(AuditConfiguration.Retention.HELD_AT_LEAST).plusSeconds(1)).purge())
			.as("after the least time the lease is held")
			.isPresent();
	}

	private AuditConfiguration.Retention retention(Instant now) {
		Clock clock = Clock.fixed(now, ZoneOffset.UTC);
		return new AuditConfiguration.Retention(repository, new JobLease(jdbc, clock), properties, clock,
				new SimpleMeterRegistry());
	}

	/** Cards shown on the record's day (a rule of its own), as the roll-up says. */
	private long shownOn(AuditRecord call) {
		return jdbc.sql("select coalesce(sum(shown), 0) from rule_day where rule_name = ?")
			.param(call.cards().get(0).rule())
			.query(Long.class)
			.single();
	}

	private static String partitionSuffix(AuditRecord call) {
		return "_p" + LocalDate.ofInstant(call.at(), ZoneOffset.UTC).toString().replace("-", "");
	}

	private static AuditRecord callWithCard(Instant at) {
		AuditRecord.CardRecord card = new AuditRecord.CardRecord(UUID.randomUUID().toString(),
				"A rule of its own " + UUID.randomUUID(), "warning", "A summary", List.of(UUID.randomUUID().toString()),
				List.of("http://example.org|reason"));
		return new AuditRecord(UUID.randomUUID().toString(), at, "ldn-order-select", "order-select",
				UUID.randomUUID().toString(), null, null, null, "0".repeat(64), "2021.1.0+abc", List.of(card.rule()),
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
