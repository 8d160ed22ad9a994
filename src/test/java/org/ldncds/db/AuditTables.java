package org.ldncds.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.ldncds.hooks.IssuedCard;

/** Reads the audit and feedback tables as tests compare them. */
public final class AuditTables {

	/** Every table holding audit or feedback data. */
	public static final List<String> TABLES = List.of("service_call", "issued_card", "card_feedback", "audit_term",
			"rule_day", "rule_reason_day", "feedback_tally");

	private final JdbcClient jdbc;

	public AuditTables(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of service_call. */
	public record ServiceCall(String callId, Instant calledAt, String serviceId, String hook, String hookInstance,
			String clientIssuer, String fhirServerHost, String patientKey, String ruleBaseVersion, String firedRules,
			String prefetchSupplied, String prefetchFetched, String prefetchMissing, int httpStatus, int latencyMs) {
	}

	/**
	 * A row of issued_card, its rule and override reasons by name (the row holds their
	 * numbers in audit_term).
	 */
	public record IssuedCard(String cardUuid, String callId, String serviceId, String ruleName, String indicator,
			String suggestionUuids, String overrideReasons) {
	}

	/** The call with this hookInstance, if recorded. */
	public Optional<ServiceCall> callWithHookInstance(String hookInstance) {
		return jdbc.sql("select * from service_call where hook_instance = ?")
			.param(hookInstance)
			.query(this::serviceCall)
			.optional();
	}

	/** The calls recorded as arriving in [from, to], oldest first. */
	public List<ServiceCall> callsBetween(Instant from, Instant to) {
		return jdbc.sql("select * from service_call where called_at >= ? and called_at <= ? order by called_at")
			.params(OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC),
					OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC))
			.query(this::serviceCall)
			.list();
	}

	/** The cards recorded for a call, by uuid. */
	public Map<String, IssuedCard> cardsOf(String callId) {
		Map<String, IssuedCard> cards = new LinkedHashMap<>();
		jdbc.sql("select * from issued_card where cast(call_id as varchar(36)) = ? order by card_uuid")
			.param(callId)
			.query((rs, row) -> new IssuedCard(rs.getString("card_uuid"), rs.getString("call_id"),
					rs.getString("service_id"), term(rs.getInt("rule_id")), rs.getString("indicator"),
					rs.getString("suggestion_uuids"), terms(rs.getString("override_reasons"))))
			.list()
			.forEach((card) -> cards.put(card.cardUuid(), card));
		return cards;
	}

	/** The rule that made a card, as recorded. */
	public String ruleOf(String cardUuid) {
		return jdbc.sql("""
				select t.term from issued_card c join audit_term t on t.term_id = c.rule_id
				where cast(c.card_uuid as varchar(36)) = ?
				""").param(cardUuid).query(String.class).single();
	}

	/** The rows of a table whose column, as text, holds this value. */
	public int count(String table, String column, String value) {
		return jdbc.sql("select count(*) from " + table + " where cast(" + column + " as varchar(1000)) = ?")
			.param(value)
			.query(Integer.class)
			.single();
	}

	/**
	 * Every value of every column of every row of the audit and feedback tables, as text,
	 * named {@code table.column}.
	 */
	public List<Map.Entry<String, String>> allValues() {
		List<Map.Entry<String, String>> values = new ArrayList<>();
		for (String table : TABLES) {
			jdbc.sql("select * from " + table).query((ResultSet rs) -> {
				ResultSetMetaData columns = rs.getMetaData();
				for (int i = 1; i <= columns.getColumnCount(); i++) {
					String value = rs.getString(i);
					if (value != null) {
						values.add(Map.entry(table + "." + columns.getColumnName(i).toLowerCase(), value));
					}
				}
			});
		}
		return values;
	}

	/** A term of audit_term, by its number. */
	public String term(int id) {
		return jdbc.sql("select term from audit_term where term_id = ?").param(id).query(String.class).single();
	}

	/** Comma-separated term numbers as the terms, one a line; null for none. */
	private String terms(String ids) {
		if (ids == null) {
			return null;
		}
		List<String> names = new ArrayList<>();
		for (String id : ids.split(",")) {
			names.add(term(Integer.parseInt(id)));
		}
		return String.join("\n", names);
	}

	private ServiceCall serviceCall(ResultSet rs, int row) throws SQLException {
		byte[] patientKey = rs.getBytes("patient_key");
		return new ServiceCall(rs.getString("call_id"), rs.getObject("called_at", OffsetDateTime.class).toInstant(),
				rs.getString("service_id"), rs.getString("hook"), rs.getString("hook_instance"),
				rs.getString("client_issuer"), rs.getString("fhir_server_host"),
				(patientKey == null) ? null : HexFormat.of().formatHex(patientKey), rs.getString("rule_base_version"),
				terms(rs.getString("fired_rules")), rs.getString("prefetch_supplied"), rs.getString("prefetch_fetched"),
				rs.getString("prefetch_missing"), rs.getInt("http_status"), rs.getInt("latency_ms"));
	}

}
