package org.ldncds.analytics;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counts cards shown, accepted and overridden, per rule and indicator and per day, and
 * the override reasons. Whole days (UTC) come from the daily roll-ups ({@code rule_day},
 * {@code rule_reason_day}); the parts of days at the window's edges from the audit and
 * feedback rows, counted as the roll-ups count them: a card counts once per outcome, and
 * once per override reason. The day that is still going on is read from its roll-up when
 * the window reaches the present. The sums are the same as counting every row.
 */
@Repository
class AnalyticsRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	AnalyticsRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	record Counts(String rule, String indicator, long shown, long accepted, long overridden) {

		Counts plus(Counts other) {
			return new Counts(rule, indicator, shown + other.shown, accepted + other.accepted,
					overridden + other.overridden);
		}

	}

	record Reason(String rule, String indicator, String system, String code, boolean byClient, long count) {

		Reason plus(Reason other) {
			return new Reason(rule, indicator, system, code, byClient, count + other.count);
		}

	}

	/** Everything the analytics show for a window. */
	record Window(List<Counts> counts, List<Reason> reasons, List<RuleAnalytics.Day> trend) {
	}

	Window window(Instant from, Instant to) {
		Split split = Split.of(from, to, clock.instant());
		Map<String, Counts> counts = new TreeMap<>();
		Map<String, Reason> reasons = new TreeMap<>();
		Map<LocalDate, RuleAnalytics.Day> trend = new TreeMap<>();
		if (split.firstWholeDay() != null) {
			rolledUpCounts(split).forEach((row) -> add(counts, trend, row.day(), row.counts()));
			rolledUpReasons(split).forEach((reason) -> reasons.merge(key(reason), reason, Reason::plus));
		}
		for (Instant[] range : split.raw()) {
			LocalDate day = LocalDate.ofInstant(range[0], ZoneOffset.UTC);
			rawCounts(range[0], range[1]).forEach((row) -> add(counts, trend, day, row));
			rawReasons(range[0], range[1]).forEach((reason) -> reasons.merge(key(reason), reason, Reason::plus));
		}
		List<Counts> rows = counts.values().stream().filter((row) -> row.shown() > 0).toList();
		List<Reason> reasonRows = reasons.values()
			.stream()
			.sorted(Comparator.comparingLong(Reason::count)
				.reversed()
				.thenComparing(Reason::code)
				.thenComparing(Reason::system)
				.thenComparing(Reason::byClient))
			.toList();
		List<RuleAnalytics.Day> days = trend.values().stream().filter((day) -> day.shown() > 0).toList();
		return new Window(rows, reasonRows, days);
	}

	private static void add(Map<String, Counts> counts, Map<LocalDate, RuleAnalytics.Day> trend, LocalDate day,
			Counts row) {
		counts.merge(row.rule() + "\u0000" + row.indicator(), row, Counts::plus);
		trend.merge(day, new RuleAnalytics.Day(day, row.shown(), row.accepted(), row.overridden()),
				(a, b) -> new RuleAnalytics.Day(day, a.shown() + b.shown(), a.accepted() + b.accepted(),
						a.overridden() + b.overridden()));
	}

	private static String key(Reason reason) {
		return String.join("\u0000", reason.rule(), reason.indicator(), reason.system(), reason.code(),
				String.valueOf(reason.byClient()));
	}

	private record DayCounts(LocalDate day, Counts counts) {
	}

	private List<DayCounts> rolledUpCounts(Split split) {
		return jdbc.sql("""
				select issued_day, rule_name, indicator, shown, accepted, overridden from rule_day
				where issued_day >= ? and issued_day <= ?
				""")
			.params(Date.valueOf(split.firstWholeDay()), Date.valueOf(split.lastWholeDay()))
			.query((rs, row) -> new DayCounts(rs.getDate(1).toLocalDate(),
					new Counts(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))))
			.list();
	}

	private List<Reason> rolledUpReasons(Split split) {
		return jdbc.sql("""
				select rule_name, indicator, reason_system, reason_code, by_client, sum(cards) from rule_reason_day
				where issued_day >= ? and issued_day <= ?
				group by rule_name, indicator, reason_system, reason_code, by_client
				""")
			.params(Date.valueOf(split.firstWholeDay()), Date.valueOf(split.lastWholeDay()))
			.query((rs, row) -> new Reason(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getBoolean(5), rs.getLong(6)))
			.list();
	}

	private List<Counts> rawCounts(Instant from, Instant to) {
		return jdbc.sql("""
				select t.term, c.indicator, count(distinct c.card_uuid) as shown,
				    count(distinct case when f.outcome = 'accepted' then c.card_uuid end) as accepted,
				    count(distinct case when f.outcome = 'overridden' then c.card_uuid end) as overridden
				from issued_card c join audit_term t on t.term_id = c.rule_id
				    left join card_feedback f on f.card_uuid = cast(c.card_uuid as varchar(36))
				where c.issued_at >= ? and c.issued_at < ?
				group by t.term, c.indicator
				""")
			.params(Timestamp.from(from), Timestamp.from(to))
			.query((rs, row) -> new Counts(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
					rs.getLong(5)))
			.list();
	}

	private List<Reason> rawReasons(Instant from, Instant to) {
		return jdbc.sql("""
				select t.term, c.indicator, f.override_reason_system, f.override_reason_code,
				    f.override_reason_by_client, count(distinct c.card_uuid) as cards
				from issued_card c join audit_term t on t.term_id = c.rule_id
				    join card_feedback f on f.card_uuid = cast(c.card_uuid as varchar(36))
				where c.issued_at >= ? and c.issued_at < ? and f.outcome = 'overridden'
				    and f.override_reason_code is not null and f.override_reason_system is not null
				group by t.term, c.indicator, f.override_reason_system, f.override_reason_code,
				    f.override_reason_by_client
				""")
			.params(Timestamp.from(from), Timestamp.from(to))
			.query((rs, row) -> new Reason(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getBoolean(5), rs.getLong(6)))
			.list();
	}

	/**
	 * A window cut into whole days (UTC), read from the roll-ups, and the parts of days
	 * at its edges, read from the rows. The day under way counts as whole when the window
	 * reaches the present: its roll-up holds every card issued so far.
	 *
	 * @param firstWholeDay the first whole day, or {@code null} when there is none
	 * @param lastWholeDay the last whole day
	 * @param raw the parts of days, as [from, to) pairs
	 */
	record Split(LocalDate firstWholeDay, LocalDate lastWholeDay, List<Instant[]> raw) {

		static Split of(Instant from, Instant to, Instant now) {
			List<LocalDate> whole = new ArrayList<>();
			List<Instant[]> raw = new ArrayList<>();
			Instant at = from;
			if (!at.equals(startOf(dayOf(at)))) {
				Instant stop = min(startOf(dayOf(at).plusDays(1)), to);
				raw.add(new Instant[] { at, stop });
				at = stop;
			}
			while (at.isBefore(to)) {
				Instant next = startOf(dayOf(at).plusDays(1));
				if (!next.isAfter(to) || !to.isBefore(now)) {
					whole.add(dayOf(at));
				}
				else {
					raw.add(new Instant[] { at, to });
				}
				at = min(next, to);
			}
			return whole.isEmpty() ? new Split(null, null, raw)
					: new Split(whole.get(0), whole.get(whole.size() - 1), raw);
		}

		private static LocalDate dayOf(Instant at) {
			return LocalDate.ofInstant(at, ZoneOffset.UTC);
		}

		private static Instant startOf(LocalDate day) {
			return day.atStartOfDay(ZoneOffset.UTC).toInstant();
		}

		private static Instant min(Instant a, Instant b) {
			return a.isBefore(b) ? a : b;
		}

	}

}
