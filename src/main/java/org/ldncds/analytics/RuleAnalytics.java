package org.ldncds.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How clinicians answered the cards of each rule over a time window: what an informatics
 * committee reads to find noisy rules.
 *
 * @param from the start of the window (inclusive)
 * @param to the end of the window (exclusive)
 * @param rules one row per rule and indicator
 * @param trend cards shown, accepted and overridden per day
 */
record RuleAnalytics(Instant from, Instant to, List<RuleRow> rules, List<Day> trend) {

	/**
	 * @param rule the rule that produced the cards
	 * @param indicator the cards' indicator
	 * @param shown cards issued
	 * @param accepted cards with accepted feedback
	 * @param overridden cards with overridden feedback
	 * @param overrideRate overridden divided by shown
	 * @param overrideReasons the reasons given, most frequent first
	 */
	record RuleRow(String rule, String indicator, long shown, long accepted, long overridden, double overrideRate,
			List<ReasonCount> overrideReasons) {
	}

	/**
	 * An override reason and how many cards were overridden with it.
	 *
	 * @param system the reason's code system
	 * @param code the reason's code
	 * @param display the knowledge base's display for a reason the cards offer; the code
	 * for a client's own reason
	 * @param byClient whether the reason is the client's own, one the card did not offer
	 * @param count the cards overridden with it
	 */
	record ReasonCount(String system, String code, String display, boolean byClient, long count) {
	}

	/** One day of the trend. */
	record Day(LocalDate day, long shown, long accepted, long overridden) {
	}

}
