package org.ldncds.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Counts over the audit and feedback tables. A card counts once per outcome. */
@Repository
class AnalyticsRepository {

	private final JdbcClient jdbc;

	AnalyticsRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Counts(String rule, String indicator, long shown, long accepted, long overridden) {
	}

	record Reason(String rule, String indicator, String system, String code, boolean byClient, long count) {
	}

	List<Counts> countsByRule(Instant from, Instant to) {
		return jdbc.sql("""
				select c.rule_name, c.indicator, count(distinct c.card_uuid) as shown,
				    count(distinct case when f.outcome = 'accepted' then c.card_uuid end) as accepted,
				    count(distinct case when f.outcome = 'overridden' then c.card_uuid end) as overridden
				from issued_card c left join card_feedback f on f.card_uuid = c.card_uuid
				where c.issued_at >= ? and c.issued_at < ?
				group by c.rule_name, c.indicator
				order by c.rule_name, c.indicator
				""")
			.params(Timestamp.from(from), Timestamp.from(to))
			.query((rs, row) -> new Counts(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
					rs.getLong(5)))
			.list();
	}

	List<Reason> overrideReasons(Instant from, Instant to) {
		return jdbc.sql("""
				select c.rule_name, c.indicator, f.override_reason_system, f.override_reason_code,
				    f.override_reason_by_client, count(distinct c.card_uuid) as cards
				from issued_card c join card_feedback f on f.card_uuid = c.card_uuid
				where c.issued_at >= ? and c.issued_at < ? and f.outcome = 'overridden'
				    and f.override_reason_code is not null
				group by c.rule_name, c.indicator, f.override_reason_system, f.override_reason_code,
				    f.override_reason_by_client
				order by cards desc, f.override_reason_code
				""")
			.params(Timestamp.from(from), Timestamp.from(to))
			.query((rs, row) -> new Reason(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getBoolean(5), rs.getLong(6)))
			.list();
	}

	List<RuleAnalytics.Day> trend(Instant from, Instant to) {
		return jdbc.sql("""
				select cast(c.issued_at as date) as trend_day, count(distinct c.card_uuid) as shown,
				    count(distinct case when f.outcome = 'accepted' then c.card_uuid end) as accepted,
				    count(distinct case when f.outcome = 'overridden' then c.card_uuid end) as overridden
				from issued_card c left join card_feedback f on f.card_uuid = c.card_uuid
				where c.issued_at >= ? and c.issued_at < ?
				group by cast(c.issued_at as date)
				order by trend_day
				""")
			.params(Timestamp.from(from), Timestamp.from(to))
			.query((rs, row) -> new RuleAnalytics.Day(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3),
					rs.getLong(4)))
			.list();
	}

}
