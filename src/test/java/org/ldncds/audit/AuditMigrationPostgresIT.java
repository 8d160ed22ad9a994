package org.ldncds.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.ldncds.db.Database;
import org.ldncds.db.RequiresPostgres;
import org.ldncds.db.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL database of the earlier schema (V1 to V3), with calls, cards and feedback,
 * migrated to the compact, partitioned one: every row is moved into a day partition, rule
 * names and reasons become terms, the pseudonym its first 16 bytes, and the roll-ups
 * count what the rows held.
 */
@RequiresPostgres
class AuditMigrationPostgresIT {

	private static final String[] LOCATIONS = { "classpath:db/migration/common", "classpath:db/migration/postgresql" };

	@Test
	void movesTheRowsOfTheEarlierSchemaIntoTheNewTablesAndRollUps() {
		Database database = TestDatabases.postgres("ldn_migration");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		Flyway.configure().dataSource(dataSource).locations(LOCATIONS).target("3").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		String call = UUID.randomUUID().toString();
		String card = UUID.randomUUID().toString();
		String suggestion = UUID.randomUUID().toString();
		String patientKey = "ab".repeat(32);
		Instant at = Instant.parse("2026-10-01T12:00:00Z");
		jdbc.sql("""
				insert into service_call (call_id, called_at, service_id, hook, hook_instance, patient_key,
				    rule_base_version, fired_rules, prefetch_supplied, http_status, latency_ms)
				values (?, ?, 'ldn-order-select', 'order-select', 'hook-1', ?, '2026.10.0+abc', ?, 'patient', 200, 12)
				""").params(call, Timestamp.from(at), patientKey, "Rule one\nRule two").update();
		jdbc.sql("""
				insert into issued_card (card_uuid, call_id, issued_at, service_id, rule_name, indicator, summary,
				    suggestion_uuids, override_reasons)
				values (?, ?, ?, 'ldn-order-select', 'Rule two', 'critical', 'A summary', ?, ?)
				""")
			.params(card, call, Timestamp.from(at), suggestion, "http://example.org|a\nhttp://example.org|b")
			.update();
		jdbc.sql("""
				insert into card_feedback (card_uuid, service_id, outcome, override_reason_system,
				    override_reason_code, outcome_timestamp, received_at)
				values (?, 'ldn-order-select', 'overridden', 'http://example.org', 'b', ?, ?)
				""").params(card, Timestamp.from(at), Timestamp.from(at)).update();

		Flyway.configure().dataSource(dataSource).locations(LOCATIONS).load().migrate();

		assertThat(jdbc.sql("select count(*) from service_call_p20261001").query(Integer.class).single()).isOne();
		assertThat(jdbc.sql("select hook_instance from service_call where cast(call_id as varchar(36)) = ?")
			.param(call)
			.query(String.class)
			.single()).isEqualTo("hook-1");
		byte[] key = jdbc.sql("select patient_key from service_call").query(byte[].class).single();
		assertThat(HexFormat.of().formatHex(key)).isEqualTo("ab".repeat(16));
		String firedRules = jdbc.sql("select fired_rules from service_call").query(String.class).single();
		assertThat(terms(jdbc, firedRules)).containsExactly("Rule one", "Rule two");

		AuditRepository repository = new AuditRepository(jdbc,
				new org.springframework.jdbc.core.JdbcTemplate(dataSource),
				new org.springframework.transaction.support.TransactionTemplate(
						new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource)),
				dataSource);
		AuditRepository.IssuedCardRecord issued = repository.findCard(card).orElseThrow();
		assertThat(issued.rule()).isEqualTo("Rule two");
		assertThat(issued.suggestionUuids()).containsExactly(suggestion);
		assertThat(issued.offersReason("http://example.org", "b")).isTrue();
		assertThat(issued.day()).hasToString("2026-10-01");

		assertThat(jdbc.sql("select shown, accepted, overridden from rule_day where rule_name = 'Rule two'")
			.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.single()).containsExactly(1L, 0L, 1L);
		assertThat(jdbc.sql("select cards from rule_reason_day where reason_code = 'b'").query(Long.class).single())
			.isOne();
		assertThat(jdbc.sql("select count(*) from feedback_tally where card_uuid = ?")
			.param(card)
			.query(Integer.class)
			.single()).as("the card's outcome and reason, counted once each").isEqualTo(2);
		assertThat(jdbc.sql("select count(*) from pg_tables where tablename like '%_v3'").query(Integer.class).single())
			.isZero();
	}

	private static List<String> terms(JdbcClient jdbc, String ids) {
		return java.util.Arrays.stream(ids.split(","))
			.map((id) -> jdbc.sql("select term from audit_term where term_id = ?")
				.param(Integer.parseInt(id))
				.query(String.class)
				.single())
			.toList();
	}

}
