package org.ldncds.audit;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.ldncds.hooks.CardIds;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads and writes the audit tables. A call's row is compact: uuids as such, the patient
 * pseudonym as 16 bytes, rule names and override reasons as numbers of
 * {@code audit_term}, no card text. On PostgreSQL {@code service_call} and
 * {@code issued_card} are partitioned by day (UTC): the partitions a batch needs are made
 * before it is written, the days ahead by {@link #preparePartitions}, and the retention
 * drops whole days. On H2 the tables are plain and the retention deletes.
 * <p>
 * The daily roll-ups ({@code rule_day}, {@code rule_reason_day}) the analytics read are
 * kept in the same transactions as the rows they count: a card is counted shown when its
 * row is inserted (a record read again after a crash is not counted twice).
 */
@Repository
public class AuditRepository {

	private static final String SEPARATOR = "\n";

	static final int PURGE_CHUNK = 5000;

	/** How far before and after the time in a card's uuid its row is looked for. */
	private static final Duration CARD_BEFORE_ITS_ID = Duration.ofHours(1);

	private static final Duration CARD_AFTER_ITS_ID = Duration.ofMinutes(1);

	private static final DateTimeFormatter PARTITION_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

	private static final Pattern PARTITION_NAME = Pattern.compile("(service_call|issued_card)_p(\\d{8})");

	/** The partitioned tables, the one referring to the other first. */
	private static final List<String> PARTITIONED = List.of("issued_card", "service_call");

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate transaction;

	private final DataSource dataSource;

	private final AuditTerms terms;

	/** Days whose partitions this instance made or found, so as not to ask again. */
	private final Set<LocalDate> partitionDays = ConcurrentHashMap.newKeySet();

	private volatile Boolean postgres;

	AuditRepository(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transaction, DataSource dataSource) {
		this.jdbc = jdbc;
		this.template = template;
		this.transaction = transaction;
		this.dataSource = dataSource;
		this.terms = (jdbc == null) ? null : new AuditTerms(jdbc);
	}

	/** Whether the database is PostgreSQL (else H2), asked once. */
	boolean postgres() {
		Boolean known = postgres;
		if (known == null) {
			try {
				String product = JdbcUtils.extractDatabaseMetaData(dataSource,
						DatabaseMetaData::getDatabaseProductName);
				known = "PostgreSQL".equals(product);
			}
			catch (MetaDataAccessException ex) {
				throw new org.springframework.dao.DataAccessResourceFailureException(
						"Cannot tell which database this is", ex);
			}
			postgres = known;
		}
		return known;
	}

	/**
	 * Writes the calls and their cards in one transaction: all or none. A call already
	 * written (its record read again from the journal after a crash) is left as it is,
	 * and its cards are not counted again.
	 */
	void insert(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		List<CallRow> rows = records.stream().map(this::rowOf).toList();
		if (postgres()) {
			makePartitions(records.stream().map((record) -> dayOf(record.at())).distinct().toList());
		}
		try {
			transaction.executeWithoutResult((status) -> insertRows(rows));
		}
		catch (DataAccessException ex) {
			if (!postgres() || !noPartitionFor(ex)) {
				throw ex;
			}
			// Another instance dropped a day this one thought it had: look again.
			partitionDays.clear();
			makePartitions(records.stream().map((record) -> dayOf(record.at())).distinct().toList());
			transaction.executeWithoutResult((status) -> insertRows(rows));
		}
	}

	private static boolean noPartitionFor(DataAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "23514".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/** A call as its rows hold it, rule names and reasons turned into term numbers. */
	private record CallRow(AuditRecord call, String firedRules, List<CardRow> cards) {
	}

	private record CardRow(AuditRecord.CardRecord card, int ruleId, String overrideReasons) {
	}

	private CallRow rowOf(AuditRecord call) {
		List<CardRow> cards = call.cards()
			.stream()
			.map((card) -> new CardRow(card, terms.idOf(card.rule()), terms.idsOf(card.overrideReasons())))
			.toList();
		return new CallRow(call, terms.idsOf(call.firedRules()), cards);
	}

	private void insertRows(List<CallRow> rows) {
		template.batchUpdate("""
				insert into service_call (call_id, called_at, service_id, hook, hook_instance, client_issuer,
				    client_tenant, fhir_server_host, patient_key, rule_base_version, fired_rules, prefetch_supplied,
				    prefetch_fetched, prefetch_missing, http_status, latency_ms)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict do nothing
				""", rows, rows.size(), (statement, row) -> {
			AuditRecord call = row.call();
			statement.setObject(1, uuidOrNil(call.callId()));
			statement.setTimestamp(2, Timestamp.from(call.at()));
			statement.setString(3, call.serviceId());
			statement.setString(4, call.hook());
			statement.setString(5, call.hookInstance());
			statement.setString(6, call.clientIssuer());
			statement.setString(7, call.clientTenant());
			statement.setString(8, call.fhirServerHost());
			statement.setBytes(9, PatientPseudonym.bytes(call.patientKey()));
			statement.setString(10, call.ruleBaseVersion());
			statement.setString(11, row.firedRules());
			statement.setString(12, join(call.prefetchSupplied()));
			statement.setString(13, join(call.prefetchFetched()));
			statement.setString(14, join(call.prefetchMissing()));
			statement.setShort(15, (short) call.status());
			statement.setInt(16, (int) Math.min(Integer.MAX_VALUE, call.latencyMillis()));
		});
		List<Map.Entry<CallRow, CardRow>> cards = new ArrayList<>();
		rows.forEach((row) -> row.cards().forEach((card) -> cards.add(Map.entry(row, card))));
		if (cards.isEmpty()) {
			return;
		}
		int[][] inserted = template.batchUpdate("""
				insert into issued_card (card_uuid, call_id, issued_at, service_id, rule_id, indicator,
				    suggestion_uuids, override_reasons)
				values (?, ?, ?, ?, ?, ?, ?, ?)
				on conflict do nothing
				""", cards, cards.size(), (statement, entry) -> {
			AuditRecord call = entry.getKey().call();
			CardRow card = entry.getValue();
			statement.setObject(1, uuidOrNil(card.card().uuid()));
			statement.setObject(2, uuidOrNil(call.callId()));
			statement.setTimestamp(3, Timestamp.from(call.at()));
			statement.setString(4, call.serviceId());
			statement.setInt(5, card.ruleId());
			statement.setString(6, card.card().indicator());
			statement.setString(7, join(card.card().suggestionUuids()));
			statement.setString(8, card.overrideReasons());
		});
		// Cards shown per day, rule and indicator; in key order, so that writers that
		// add to the same rows take their locks in the same order.
		Map<List<String>, Long> shown = new TreeMap<>(
				(a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
		int[] counts = inserted[0];
		for (int i = 0; i < cards.size(); i++) {
			// 0: the row was there (a record written again); a driver that cannot tell
			// (SUCCESS_NO_INFO, negative) counts the card.
			if (counts[i] == 0) {
				continue;
			}
			Map.Entry<CallRow, CardRow> entry = cards.get(i);
			shown.merge(List.of(dayOf(entry.getKey().call().at()).toString(), entry.getValue().card().rule(),
					entry.getValue().card().indicator()), 1L, Long::sum);
		}
		shown.forEach(
				(key, count) -> rollUps().add(LocalDate.parse(key.get(0)), key.get(1), key.get(2), "shown", count));
	}

	/** The roll-ups, written the way this database can. */
	public RollUps rollUps() {
		return new RollUps(jdbc, postgres());
	}

	private static UUID uuidOrNil(String id) {
		UUID uuid = uuidOf(id);
		return uuid == null ? new UUID(0, 0) : uuid;
	}

	private static UUID uuidOf(String id) {
		if (id == null || id.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static LocalDate dayOf(Instant at) {
		return LocalDate.ofInstant(at, ZoneOffset.UTC);
	}

	/**
	 * The card with this uuid, as issued, if the trail holds it. A uuid this service made
	 * tells when the card was issued, so that only that day's partitions are searched.
	 */
	public Optional<IssuedCardRecord> findCard(String cardUuid) {
		UUID uuid = uuidOf(cardUuid);
		if (uuid == null) {
			return Optional.empty();
		}
		Optional<Instant> madeAt = CardIds.issuedAt(cardUuid);
		String sql = """
				select card_uuid, service_id, rule_id, indicator, issued_at, suggestion_uuids, override_reasons
				from issued_card where card_uuid = ?
				""";
		List<Object> params = new ArrayList<>(List.of(uuid));
		if (madeAt.isPresent()) {
			sql += " and issued_at >= ? and issued_at <= ?";
			params.add(Timestamp.from(madeAt.get().minus(CARD_BEFORE_ITS_ID)));
			params.add(Timestamp.from(madeAt.get().plus(CARD_AFTER_ITS_ID)));
		}
		return jdbc.sql(sql)
			.params(params)
			.query((rs, row) -> new IssuedCardRecord(rs.getString("card_uuid"), rs.getString("service_id"),
					terms.nameOf(rs.getInt("rule_id")), rs.getString("indicator"),
					rs.getTimestamp("issued_at").toInstant(), split(rs.getString("suggestion_uuids")),
					terms.namesOf(rs.getString("override_reasons"))))
			.list()
			.stream()
			.findFirst();
	}

	/** Asks the database for nothing, to learn whether it answers. */
	void check() {
		jdbc.sql("select 1").query(Integer.class).single();
	}

	/**
	 * Makes the partitions of these days where missing (PostgreSQL only). Two instances
	 * may make the same day at once: the one that finds it made goes on.
	 */
	void makePartitions(List<LocalDate> days) {
		if (!postgres()) {
			return;
		}
		for (LocalDate day : days) {
			if (partitionDays.contains(day)) {
				continue;
			}
			for (String table : PARTITIONED) {
				String sql = "create table if not exists " + partitionName(table, day) + " partition of " + table
						+ " for values from ('" + day + " 00:00:00+00') to ('" + day.plusDays(1) + " 00:00:00+00')";
				try {
					jdbc.sql(sql).update();
				}
				catch (DataAccessException ex) {
					if (!alreadyMade(ex)) {
						throw ex;
					}
				}
			}
			partitionDays.add(day);
		}
	}

	private static boolean alreadyMade(DataAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// duplicate_table, or the race on the row type's name (unique_violation)
			if (cause instanceof SQLException sql
					&& ("42P07".equals(sql.getSQLState()) || "23505".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	/** Makes the partitions from yesterday to {@code daysAhead} days from today. */
	void preparePartitions(Instant now, int daysAhead) {
		LocalDate today = dayOf(now);
		List<LocalDate> days = new ArrayList<>();
		for (int i = -1; i <= daysAhead; i++) {
			days.add(today.plusDays(i));
		}
		makePartitions(days);
	}

	private static String partitionName(String table, LocalDate day) {
		return table + "_p" + PARTITION_DAY.format(day);
	}

	/** The days that have partitions, per partitioned table. */
	List<String> partitions() {
		return jdbc.sql("""
				select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
				where i.inhparent in (cast('service_call' as regclass), cast('issued_card' as regclass))
				order by c.relname
				""").query(String.class).list();
	}

	/**
	 * Removes what is older than the cut-off, by whole days (UTC): calls and cards of
	 * days that ended by then, with their roll-ups, and feedback received before that
	 * day. On PostgreSQL the days' partitions are dropped; elsewhere rows are deleted in
	 * chunks of {@value #PURGE_CHUNK}, each its own transaction, so that no statement
	 * runs for long.
	 */
	Purged purgeOlderThan(Instant cutoff) {
		LocalDate firstKept = dayOf(cutoff);
		Timestamp before = Timestamp.from(firstKept.atStartOfDay(ZoneOffset.UTC).toInstant());
		int partitions = 0;
		int rows = 0;
		if (postgres()) {
			for (String partition : partitions()) {
				Matcher name = PARTITION_NAME.matcher(partition);
				if (name.matches() && LocalDate.parse(name.group(2), PARTITION_DAY).isBefore(firstKept)) {
					jdbc.sql("drop table if exists " + partition).update();
					partitionDays.remove(LocalDate.parse(name.group(2), PARTITION_DAY));
					partitions++;
				}
			}
		}
		else {
			rows += delete("issued_card", "card_uuid", "issued_at", before);
			rows += delete("service_call", "call_id", "called_at", before);
			rows += delete("issued_card_v3", "card_uuid", "issued_at", before);
			rows += delete("service_call_v3", "call_id", "called_at", before);
		}
		rows += delete("card_feedback", "feedback_id", "received_at", before);
		java.sql.Date firstDay = java.sql.Date.valueOf(firstKept);
		rows += jdbc.sql("delete from feedback_tally where issued_day < ?").param(firstDay).update();
		rows += jdbc.sql("delete from rule_reason_day where issued_day < ?").param(firstDay).update();
		rows += jdbc.sql("delete from rule_day where issued_day < ?").param(firstDay).update();
		return new Purged(firstKept, partitions, rows);
	}

	/**
	 * What a purge removed.
	 *
	 * @param firstDayKept the oldest day kept
	 * @param partitions day partitions dropped (PostgreSQL)
	 * @param rows rows deleted
	 */
	record Purged(LocalDate firstDayKept, int partitions, int rows) {
	}

	private int delete(String table, String key, String time, Timestamp before) {
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
	 * @param indicator the card's indicator
	 * @param issuedAt when the call that issued it arrived
	 * @param suggestionUuids the uuids of its suggestions
	 * @param overrideReasons its override reasons, as {@code system|code}
	 */
	public record IssuedCardRecord(String uuid, String serviceId, String rule, String indicator, Instant issuedAt,
			List<String> suggestionUuids, List<String> overrideReasons) {

		/** Whether the card offered this override reason. */
		public boolean offersReason(String system, String code) {
			return overrideReasons.contains(AuditRecord.CardRecord.reasonKey(system, code));
		}

		/** The day (UTC) the card counts for in the roll-ups. */
		public LocalDate day() {
			return dayOf(issuedAt);
		}

	}

}
