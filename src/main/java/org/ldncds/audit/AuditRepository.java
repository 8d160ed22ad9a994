package org.ldncds.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads and writes the audit tables. Lists are stored one item per line. */
@Repository
public class AuditRepository {

	private static final String SEPARATOR = "\n";

	static final int PURGE_CHUNK = 5000;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	AuditRepository(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * Writes the calls and their cards in one transaction: all or none. A call already
	 * written (its record read again from the journal after a crash) is left as it is.
	 */
	void insert(List<AuditRecord> records) {
		transaction.executeWithoutResult((status) -> records.forEach(this::insert));
	}

	private void insert(AuditRecord call) {
		jdbc.sql(
				"""
						insert into service_call (call_id, called_at, service_id, hook, hook_instance, client_issuer, client_tenant,
						    fhir_server_host, patient_key, rule_base_version, fired_rules, prefetch_supplied,
						    prefetch_fetched, prefetch_missing, http_status, latency_ms)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
						on conflict do nothing
						""")
			.params(call.callId(), Timestamp.from(call.at()), call.serviceId(), call.hook(), call.hookInstance(),
					call.clientIssuer(), call.clientTenant(), call.fhirServerHost(), call.patientKey(),
					call.ruleBaseVersion(), join(call.firedRules()), join(call.prefetchSupplied()),
					join(call.prefetchFetched()), join(call.prefetchMissing()), call.status(),
					(int) Math.min(Integer.MAX_VALUE, call.latencyMillis()))
			.update();
		for (AuditRecord.CardRecord card : call.cards()) {
			jdbc.sql("""
					insert into issued_card (card_uuid, call_id, issued_at, service_id, rule_name, indicator, summary,
					    suggestion_uuids, override_reasons)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)
					on conflict do nothing
					""")
				.params(card.uuid(), call.callId(), Timestamp.from(call.at()), call.serviceId(), card.rule(),
						card.indicator(), card.summary(), join(card.suggestionUuids()), join(card.overrideReasons()))
				.update();
		}
	}

	/** The card with this uuid, as issued, if the trail holds it. */
	public Optional<IssuedCardRecord> findCard(String cardUuid) {
		return jdbc.sql("""
				select card_uuid, service_id, rule_name, suggestion_uuids, override_reasons
				from issued_card where card_uuid = ?
				""")
			.param(cardUuid)
			.query((rs, row) -> new IssuedCardRecord(rs.getString("card_uuid"), rs.getString("service_id"),
					rs.getString("rule_name"), split(rs.getString("suggestion_uuids")),
					split(rs.getString("override_reasons"))))
			.optional();
	}

	/** Asks the database for nothing, to learn whether it answers. */
	void check() {
		jdbc.sql("select 1").query(Integer.class).single();
	}

	/**
	 * Deletes calls (and their cards) and feedback older than the cut-off; returns rows
	 * deleted. Rows go in chunks of {@value #PURGE_CHUNK}, each its own transaction, so
	 * that no statement runs for long (the connection's socket timeout would end it) and
	 * a purge cut short keeps what it did.
	 */
	int purgeOlderThan(Instant cutoff) {
		Timestamp before = Timestamp.from(cutoff);
		return purge("card_feedback", "feedback_id", "received_at", before)
				+ purge("issued_card", "card_uuid", "issued_at", before)
				+ purge("service_call", "call_id", "called_at", before);
	}

	private int purge(String table, String key, String time, Timestamp before) {
		String delete = "delete from " + table + " where " + key + " in (select " + key + " from " + table + " where "
				+ time + " < ? limit " + PURGE_CHUNK + ")";
		int total = 0;
		int deleted;
		do {
			deleted = jdbc.sql(delete).param(before).update();
			total += deleted;
		}
		while (deleted == PURGE_CHUNK);
		return total;
	}

	static String join(List<String> items) {
		return items == null || items.isEmpty() ? null : String.join(SEPARATOR, items);
	}

	static List<String> split(String joined) {
		return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(SEPARATOR));
	}

	/**
	 * What feedback validation needs to know of an issued card.
	 *
	 * @param uuid the card's uuid
	 * @param serviceId the service that issued it
	 * @param rule the rule that produced it
	 * @param suggestionUuids the uuids of its suggestions
	 * @param overrideReasons its override reasons, as {@code system|code}
	 */
	public record IssuedCardRecord(String uuid, String serviceId, String rule, List<String> suggestionUuids,
			List<String> overrideReasons) {

		/** Whether the card offered this override reason. */
		public boolean offersReason(String system, String code) {
			return overrideReasons.contains(AuditRecord.CardRecord.reasonKey(system, code));
		}

	}

}
