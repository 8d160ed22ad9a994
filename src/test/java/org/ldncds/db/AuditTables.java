package org.ldncds.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.ldncds.hooks.IssuedCard;

/** Reads the audit and feedback tables as tests compare them. */
public final class AuditTables {

	/** Every table holding audit or feedback data. */
	public static final List<String> TABLES = List.of("service_call", "issued_card", "card_feedback");

	private final JdbcClient jdbc;

	public AuditTables(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of service_call. */
	public record ServiceCall(String callId, Instant calledAt, String serviceId, String hook, String hookInstance,
			String clientIssuer, String fhirServerHost, String patientKey, String ruleBaseVersion, String firedRules,
			String prefetchSupplied, String prefetchFetched, String prefetchMissing, int httpStatus, int latencyMs) {
	}

	/** A row of issued_card. */
	public record IssuedCard(String cardUuid, String callId, String serviceId, String ruleName, String indicator,
			String summary, String suggestionUuids, String overrideReasons) {
	}

	/** The call with this hookInstance, if recorded. */
	public Optional<ServiceCall> callWithHookInstance(String hookInstance) {
		return jdbc.sql("select * from service_call where hook_instance = ?")
			.param(hookInstance)
			.query(AuditTables::serviceCall)
			.optional();
	}

	/** The calls recorded as arriving in [from, to], oldest first. */
	public List<ServiceCall> callsBetween(Instant from, Instant to) {
		return jdbc.sql("select * from service_call where called_at >= ? and called_at <= ? order by called_at")
			.params(OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC),
					OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC))
			.query(AuditTables::serviceCall)
			.list();
	}

	/** The cards recorded for a call, by uuid. */
	public Map<String, IssuedCard> cardsOf(String callId) {
		Map<String, IssuedCard> cards = new LinkedHashMap<>();
		jdbc.sql("select * from issued_card where call_id = ? order by card_uuid")
			.param(callId)
			.query((rs, row) -> new IssuedCard(rs.getString("card_uuid"), rs.getString("call_id"),
					rs.getString("service_id"), rs.getString("rule_name"), rs.getString("indicator"),
					rs.getString("summary"), rs.getString("suggestion_uuids"), rs.getString("override_reasons")))
			.list()
			.forEach((card) -> cards.put(card.cardUuid(), card));
		return cards;
	}

	/** The rule that made a card, as recorded. */
	public String ruleOf(String cardUuid) {
		return jdbc.sql("select rule_name from issued_card where card_uuid = ?")
			.param(cardUuid)
			.query(String.class)
			.single();
	}

	public int count(String table, String column, String value) {
		return jdbc.sql("select count(*) from " + table + " where " + column + " = ?")
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

	private static ServiceCall serviceCall(ResultSet rs, int row) throws SQLException {
		return new ServiceCall(rs.getString("call_id"), rs.getObject("called_at", OffsetDateTime.class).toInstant(),
				rs.getString("service_id"), rs.getString("hook"), rs.getString("hook_instance"),
				rs.getString("client_issuer"), rs.getString("fhir_server_host"), rs.getString("patient_key"),
				rs.getString("rule_base_version"), rs.getString("fired_rules"), rs.getString("prefetch_supplied"),
				rs.getString("prefetch_fetched"), rs.getString("prefetch_missing"), rs.getInt("http_status"),
				rs.getInt("latency_ms"));
	}

}
