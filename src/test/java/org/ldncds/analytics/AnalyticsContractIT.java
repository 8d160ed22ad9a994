package org.ldncds.analytics;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.audit.AuditTrail;
import org.ldncds.db.AuditTables;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.ExampleCall.Cards;
import org.ldncds.db.FeedbackJson;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.db.ExampleCall.reasonOf;
import static org.ldncds.db.ExampleCall.suggestionOf;

/**
 * {@code GET /analytics/rules} over a scripted mix of calls and feedback: exact counts
 * per rule and indicator of cards shown, accepted and overridden, the override reasons
 * with their counts and displays, and the override rate. The window brackets the script's
 * own calls, so the other tests' rows in the shared database do not count. Run against H2
 * and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class AnalyticsContractIT {

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	private CdsClient http;

	@BeforeEach
	void connect() throws InterruptedException {
		this.http = new CdsClient(port);
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void countsCardsShownAcceptedAndOverriddenPerRuleWithTheReasons() throws Exception {
		Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<Cards> calls = new ArrayList<>();
		List<Cards> infoCalls = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			calls.add(ExampleCall.example().callOk(http));
			infoCalls.add(ExampleCall.withoutOpioid().callOk(http));
		}
		JsonNode critical = calls.get(0).critical();
		JsonNode reasonA = reasonOf(critical, 0);
		JsonNode reasonB = reasonOf(critical, 1);
		Instant at = Instant.parse("2026-11-21T10:00:00Z");
		// Call 1: the critical card's suggestion and an
		// information card's suggestion are accepted.
		JsonNode info = infoCalls.get(0).infoWithSuggestion();
		feedback(FeedbackJson.accepted(uuid(critical), suggestionOf(critical), at),
				FeedbackJson.accepted(uuid(info), suggestionOf(info), at));
		// Calls 2 and 3: overridden with reason A,
		// call 3's posted twice; call 4: reason B.
		feedback(FeedbackJson.overridden(uuid(calls.get(1).critical()), reasonA, at));
		feedback(FeedbackJson.overridden(uuid(calls.get(2).critical()), reasonA, at));
		feedback(FeedbackJson.overridden(uuid(calls.get(2).critical()), reasonA, at));
		feedback(FeedbackJson.overridden(uuid(calls.get(3).critical()), reasonB, at));
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		Instant to = Instant.now().plusMillis(1);

		JsonNode analytics = analytics("from=" + from + "&to=" + to);

		AuditTables tables = new AuditTables(jdbc);
		String criticalRule = tables.ruleOf(uuid(critical));
		String infoRule = tables.ruleOf(uuid(info));
		List<Row> expected = new ArrayList<>();
		List<JsonNode> oneOfEach = new ArrayList<>();
		calls.get(0).cards().forEach(oneOfEach::add);
		infoCalls.get(0).cards().forEach(oneOfEach::add);
		for (JsonNode card : oneOfEach) {
			String rule = tables.ruleOf(uuid(card));
			String indicator = card.get("indicator").asText();
			if (rule.equals(criticalRule)) {
				expected.add(new Row(rule, indicator, 4, 1, 3, 0.75,
						List.of(new Reason(reasonA, 2), new Reason(reasonB, 1))));
			}
			else if (rule.equals(infoRule)) {
				expected.add(new Row(rule, indicator, 4, 1, 0, 0.0, List.of()));
			}
			else {
				expected.add(new Row(rule, indicator, 4, 0, 0, 0.0, List.of()));
			}
		}
		assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
		assertThat(rows(analytics)).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(rows(analytics)).extracting(Row::rule).isSorted();
		assertThat(analytics.get("from").asText()).isEqualTo(from.toString());
		assertThat(analytics.get("to").asText()).isEqualTo(to.toString());
		long shown = 0;
		long accepted = 0;
		long overridden = 0;
		for (JsonNode day : analytics.get("trend")) {
			shown += day.get("shown").asLong();
			accepted += day.get("accepted").asLong();
			overridden += day.get("overridden").asLong();
		}
		assertThat(List.of(shown, accepted, overridden)).containsExactly(4L * expected.size(), 2L, 3L);
	}

	@Test
	void countsAClientsOwnReasonApartFromTheReasonsTheCardOffered() throws Exception {
		Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		JsonNode offered = ExampleCall.example().callOk(http).critical();
		JsonNode ownReason = ExampleCall.example().callOk(http).critical();
		JsonNode ownCodeOfferedElsewhere = ExampleCall.example().callOk(http).critical();
		JsonNode reason = reasonOf(offered, 0);
		// The client's own reasons: a code of its own system, and the card's code under
		// the client's system.
		JsonNode clientReason = FeedbackJson.reason("http://example.org/ehr/override-reasons", "patient-declined");
		JsonNode clientSameCode = FeedbackJson.reason("http://example.org/ehr/override-reasons",
				reason.get("code").asText());
		Instant at = Instant.parse("2026-11-21T10:00:00Z");
		feedback(FeedbackJson.overridden(uuid(offered), reason, at),
				FeedbackJson.overridden(uuid(ownReason), clientReason, at),
				FeedbackJson.overridden(uuid(ownCodeOfferedElsewhere), clientSameCode, at));
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		Instant to = Instant.now().plusMillis(1);

		JsonNode analytics = analytics("from=" + from + "&to=" + to);

		String rule = new AuditTables(jdbc).ruleOf(uuid(offered));
		List<String> reasons = new ArrayList<>();
		for (JsonNode row : analytics.path("rules")) {
			if (row.get("rule").asText().equals(rule)) {
				assertThat(row.get("overridden").asLong()).isEqualTo(3);
				row.path("overrideReasons")
					.forEach((counted) -> reasons.add(counted.get("system").asText() + "|"
							+ counted.get("code").asText() + "|" + counted.get("display").asText() + "|"
							+ counted.get("byClient").asBoolean() + "|" + counted.get("count").asLong()));
			}
		}
		assertThat(reasons).containsExactlyInAnyOrder(
				reason.get("system").asText() + "|" + reason.get("code").asText() + "|" + reason.get("display").asText()
						+ "|false|1",
				"http://example.org/ehr/override-reasons|patient-declined|patient-declined|true|1",
				"http://example.org/ehr/override-reasons|" + reason.get("code").asText() + "|"
						+ reason.get("code").asText() + "|true|1");
	}

	@Test
	void countsNothingOutsideTheWindow() {
		ExampleCall.example().callOk(http);

		JsonNode analytics = analytics("from=2020-01-01&to=2020-01-02");

		assertThat(analytics.path("rules")).isEmpty();
		assertThat(analytics.path("trend")).isEmpty();
		assertThat(analytics.get("from").asText()).isEqualTo("2020-01-01T00:00:00Z");
	}

	@Test
	void refusesBoundsThatAreNotDatesOrInstants() {
		http.get("/analytics/rules?from=yesterday").assertRefused(400, "invalid_request", "from must be a date");
		http.get("/analytics/rules?to=2026-13-01").assertRefused(400, "invalid_request", "to must be a date");
	}

	@Test
	void refusesAWindowThatEndsBeforeItStarts() {
		http.get("/analytics/rules?from=2026-11-02&to=2026-11-01")
			.assertRefused(400, "invalid_request", "from must be before to");
		http.get("/analytics/rules?from=2026-11-01&to=2026-11-01")
			.assertRefused(400, "invalid_request", "from must be before to");
	}

	@Test
	void aWholeDayFromItsRollUpCountsAsItsRowsDo() throws Exception {
		List<Cards> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			calls.add(ExampleCall.example().callOk(http));
			calls.add(ExampleCall.withoutOpioid().callOk(http));
		}
		Instant at = Instant.parse("2026-11-21T10:00:00Z");
		JsonNode critical = calls.get(0).critical();
		feedback(FeedbackJson.overridden(uuid(critical), reasonOf(critical, 0), at));
		feedback(FeedbackJson.overridden(uuid(critical), reasonOf(critical, 0), at.plusSeconds(1)));
		feedback(FeedbackJson.accepted(uuid(critical), suggestionOf(critical), at));
		JsonNode other = calls.get(2).critical();
		feedback(FeedbackJson.overridden(uuid(other), reasonOf(other, 1), at));
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
		Instant tomorrow = today.plus(Duration.ofDays(1));

		// From midnight: today is a whole day, read from its roll-up (the window reaches
		// the present). From a millisecond later: today is read from the rows.
		JsonNode rolledUp = analytics("from=" + today + "&to=" + tomorrow);
		JsonNode fromRows = analytics("from=" + today.plusMillis(1) + "&to=" + tomorrow);

		assertThat(rows(rolledUp)).isNotEmpty().containsExactlyElementsOf(rows(fromRows));
		assertThat(rolledUp.get("trend")).isEqualTo(fromRows.get("trend"));
		assertThat(rolledUp.get("trend")).hasSize(1);
	}

	private JsonNode analytics(String query) {
		CdsClient.Answer answer = http.get("/analytics/rules?" + query);
		assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(200);
		return answer.json();
	}

	private void feedback(JsonNode... items) {
		CdsClient.Answer answer = http.post("/cds-services/" + ExampleCall.SERVICE + "/feedback",
				BodyPublishers.ofString(FeedbackJson.body(items)), "Content-Type", "application/json");
		assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(200);
	}

	private static String uuid(JsonNode card) {
		return card.get("uuid").asText();
	}

	private static List<Row> rows(JsonNode analytics) {
		List<Row> rows = new ArrayList<>();
		for (JsonNode row : analytics.path("rules")) {
			List<Reason> reasons = new ArrayList<>();
			for (JsonNode reason : row.path("overrideReasons")) {
				reasons.add(new Reason(reason.get("system").asText(), reason.get("code").asText(),
						reason.get("display").asText(), reason.get("count").asLong()));
			}
			rows.add(new Row(row.get("rule").asText(), row.get("indicator").asText(), row.get("shown").asLong(),
					row.get("accepted").asLong(), row.get("overridden").asLong(), row.get("overrideRate").asDouble(),
					reasons));
		}
		return rows;
	}

	/** A row of the answer: one rule and indicator. */
	record Row(String rule, String indicator, long shown, long accepted, long overridden, double overrideRate,
			List<Reason> reasons) {
	}

	/** An override reason and how many cards were overridden with it. */
	record Reason(String system, String code, String display, long count) {

		/** The reason as the card offered it, with its display. */
		Reason(JsonNode offered, long count) {
			this(offered.get("system").asText(), offered.get("code").asText(), offered.get("display").asText(), count);
		}

	}

}
