package org.ldncds.audit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Adds to the daily roll-ups the analytics read: per day (UTC, the day the card was
 * issued), rule and indicator the cards shown, accepted and overridden
 * ({@code rule_day}), and the cards overridden with each reason
 * ({@code rule_reason_day}). Called inside the transaction that stores what is counted.
 * {@link #firstTime} makes feedback count once per card: a card accepted twice is one
 * accepted card, as the analytics always counted it.
 */
public final class RollUps {

	private static final Set<String> COUNTS = Set.of("shown", "accepted", "overridden");

	private final JdbcClient jdbc;

	private final boolean postgres;

	RollUps(JdbcClient jdbc, boolean postgres) {
		this.jdbc = jdbc;
		this.postgres = postgres;
	}

	/** Adds to one count (shown, accepted or overridden) of a rule's day. */
	public void add(LocalDate day, String rule, String indicator, String count, long amount) {
		if (!COUNTS.contains(count)) {
			throw new IllegalArgumentException("no such count: " + count);
		}
		long shown = count.equals("shown") ? amount : 0;
		long accepted = count.equals("accepted") ? amount : 0;
		long overridden = count.equals("overridden") ? amount : 0;
		if (postgres) {
			jdbc.sql("insert into rule_day (issued_day, rule_name, indicator, shown, accepted, overridden)"
					+ " values (?, ?, ?, ?, ?, ?) on conflict (issued_day, rule_name, indicator) do update set " + count
					+ " = rule_day." + count + " + excluded." + count)
				.params(Date.valueOf(day), rule, indicator, shown, accepted, overridden)
				.update();
			return;
		}
		merge(() -> jdbc
			.sql("merge into rule_day t using (select cast(? as date) as issued_day,"
					+ " cast(? as varchar(300)) as rule_name, cast(? as varchar(20)) as indicator) s"
					+ " on (t.issued_day = s.issued_day and t.rule_name = s.rule_name and t.indicator = s.indicator)"
					+ " when matched then update set " + count + " = t." + count + " + ?"
					+ " when not matched then insert (issued_day, rule_name, indicator, shown, accepted, overridden)"
					+ " values (s.issued_day, s.rule_name, s.indicator, ?, ?, ?)")
			.params(Date.valueOf(day), rule, indicator, amount, shown, accepted, overridden)
			.update());
	}

	/** Adds a card overridden with this reason to a rule's day. */
	public void addReason(LocalDate day, String rule, String indicator, String system, String code, boolean byClient) {
		if (postgres) {
			jdbc.sql(
					"""
							insert into rule_reason_day (issued_day, rule_name, indicator, reason_system, reason_code, by_client, cards)
							values (?, ?, ?, ?, ?, ?, 1)
							on conflict (issued_day, rule_name, indicator, reason_system, reason_code, by_client)
							do update set cards = rule_reason_day.cards + 1
							""")
				.params(Date.valueOf(day), rule, indicator, system, code, byClient)
				.update();
			return;
		}
		merge(() -> jdbc
			.sql("""
					merge into rule_reason_day t using (select cast(? as date) as issued_day, cast(? as varchar(300)) as rule_name,
					    cast(? as varchar(20)) as indicator, cast(? as varchar(500)) as reason_system,
					    cast(? as varchar(100)) as reason_code, cast(? as boolean) as by_client) s
					on (t.issued_day = s.issued_day and t.rule_name = s.rule_name and t.indicator = s.indicator
					    and t.reason_system = s.reason_system and t.reason_code = s.reason_code and t.by_client = s.by_client)
					when matched then update set cards = t.cards + 1
					when not matched then insert (issued_day, rule_name, indicator, reason_system, reason_code, by_client, cards)
					values (s.issued_day, s.rule_name, s.indicator, s.reason_system, s.reason_code, s.by_client, 1)
					""")
			.params(Date.valueOf(day), rule, indicator, system, code, byClient)
			.update());
	}

	/**
	 * Whether this is the first time this card is counted under this tally (an outcome,
	 * or an outcome with a reason). Concurrent feedback on the same card, on any
	 * instance, waits for the first to commit: only one counts.
	 */
	public boolean firstTime(String cardUuid, String tally, LocalDate day) {
		return jdbc
			.sql("insert into feedback_tally (card_uuid, tally, issued_day) values (?, ?, ?) on conflict do nothing")
			.params(cardUuid, tally, Date.valueOf(day))
			.update() > 0;
	}

	/**
	 * H2's merge may find the row missing while another thread inserts it: the second try
	 * finds it.
	 */
	private static void merge(Runnable statement) {
		try {
			statement.run();
		}
		catch (DuplicateKeyException ex) {
			statement.run();
		}
	}

}
