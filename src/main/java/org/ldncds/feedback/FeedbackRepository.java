package org.ldncds.feedback;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.ldncds.audit.AuditRepository;
import org.ldncds.audit.RollUps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores feedback once: the same item (card, outcome, time) posted again is recognised
 * and not stored twice. The user's free-text comment is never stored: it may hold patient
 * data.
 */
@Repository
class FeedbackRepository {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final AuditRepository audit;

	FeedbackRepository(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, AuditRepository audit) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.audit = audit;
	}

	/**
	 * Stores all items in one transaction; answers, item by item, whether it was new
	 * (false: it had been stored before).
	 */
	List<Boolean> store(List<Feedback> items) {
		Timestamp now = Timestamp.from(clock.instant());
		return transaction.execute((status) -> {
			RollUps rollUps = audit.rollUps();
			return items.stream().map((item) -> {
				boolean isNew = store(item, now) > 0;
				if (isNew) {
					count(item, rollUps);
				}
				return isNew;
			}).toList();
		});
	}

	/**
	 * Adds new feedback to the daily roll-ups of the card's day, once per card and
	 * outcome, and once per card and override reason, as the analytics count them.
	 */
	private static void count(Feedback item, RollUps rollUps) {
		AuditRepository.IssuedCardRecord card = item.card();
		String outcome = item.outcome().code();
		if (rollUps.firstTime(item.cardUuid(), outcome, card.day())) {
			rollUps.add(card.day(), card.rule(), card.indicator(), outcome, 1);
		}
		if (item.outcome() == Feedback.Outcome.OVERRIDDEN && item.reasonCode() != null) {
			String tally = "reason|" + (item.reasonByClient() ? "client" : "card") + "|" + item.reasonSystem() + "|"
					+ item.reasonCode();
			if (rollUps.firstTime(item.cardUuid(), tally, card.day())) {
				rollUps.addReason(card.day(), card.rule(), card.indicator(), item.reasonSystem(), item.reasonCode(),
						item.reasonByClient());
			}
		}
	}

	private int store(Feedback item, Timestamp receivedAt) {
		return jdbc.sql("""
				insert into card_feedback (card_uuid, service_id, outcome, accepted_suggestions,
				    override_reason_system, override_reason_code, override_reason_by_client, outcome_timestamp,
				    received_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict do nothing
				""")
			.params(item.cardUuid(), item.serviceId(), item.outcome().code(),
					item.acceptedSuggestions().isEmpty() ? null : String.join("\n", item.acceptedSuggestions()),
					item.reasonSystem(), item.reasonCode(), item.reasonByClient(),
					Timestamp.from(item.outcomeTimestamp()), receivedAt)
			.update();
	}

}
