package org.ldncds.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.ldncds.hooks.CdsHooksException;
import org.ldncds.knowledge.KnowledgeBase;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /analytics/rules?from=...&to=...}: per rule and indicator, cards shown,
 * accepted and overridden, the override reasons and the override rate. The window
 * defaults to the last 30 days; bounds are dates ({@code 2026-11-01}, UTC) or instants.
 */
@RestController
class AnalyticsController {

	private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

	private final AnalyticsRepository repository;

	private final KnowledgeBase knowledge;

	private final Clock clock;

	AnalyticsController(AnalyticsRepository repository, KnowledgeBase knowledge, Clock clock) {
		this.repository = repository;
		this.knowledge = knowledge;
		this.clock = clock;
	}

	@GetMapping(path = "/analytics/rules", produces = MediaType.APPLICATION_JSON_VALUE)
	RuleAnalytics rules(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
		Instant end = to == null ? clock.instant() : instant(to, "to");
		Instant start = from == null ? end.minus(DEFAULT_WINDOW) : instant(from, "from");
		if (!start.isBefore(end)) {
			throw CdsHooksException.badRequest("from must be before to");
		}
		AnalyticsRepository.Window window = repository.window(start, end);
		List<RuleAnalytics.RuleRow> rows = window.counts()
			.stream()
			.map((counts) -> row(counts, window.reasons()))
			.toList();
		return new RuleAnalytics(start, end, rows, window.trend());
	}

	private RuleAnalytics.RuleRow row(AnalyticsRepository.Counts counts, List<AnalyticsRepository.Reason> reasons) {
		List<RuleAnalytics.ReasonCount> reasonCounts = reasons.stream()
			.filter((reason) -> reason.rule().equals(counts.rule()) && reason.indicator().equals(counts.indicator()))
			.map((reason) -> new RuleAnalytics.ReasonCount(reason.system(), reason.code(),
					reason.byClient() ? reason.code() : display(reason.code()), reason.byClient(), reason.count()))
			.toList();
		double rate = counts.shown() == 0 ? 0 : (double) counts.overridden() / counts.shown();
		return new RuleAnalytics.RuleRow(counts.rule(), counts.indicator(), counts.shown(), counts.accepted(),
				counts.overridden(), Math.round(rate * 1000) / 1000.0, reasonCounts);
	}

	private String display(String code) {
		return knowledge.overrideReason(code).map((coding) -> coding.getDisplay()).orElse(code);
	}

	private static Instant instant(String value, String name) {
		try {
			return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw CdsHooksException
				.badRequest(name + " must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z)");
		}
	}

}
