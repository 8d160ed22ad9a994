package org.ldncds;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.audit.AuditTrail;
import org.ldncds.db.AuditTables;
import org.ldncds.db.AuditTables.ServiceCall;
import org.ldncds.db.Database;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.FeedbackJson;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit and feedback outlive the service: one instance answers a call and takes feedback
 * and is stopped at once, without waiting for its audit writer; a new instance on the
 * same database finds the call, its cards and the feedback, counts them in the analytics,
 * recognises the same feedback as already stored, and keys the patient as before. Run
 * against an H2 file and PostgreSQL by the subclasses.
 */
abstract class RestartSurvivalContractIT {

	private static final Instant AT = Instant.parse("2026-11-21T10:05:31Z");

	/** The database both instances use. */
	abstract Database database(Path directory);

	@Test
	void keepsAuditAndFeedbackAcrossARestart(@TempDir Path directory) throws Exception {
		Database database = database(directory);
		ExampleCall call = ExampleCall.example();
		Instant from = Instant.now();
		JsonNode critical;
		String overridden;
		try (ConfigurableApplicationContext first = start(database)) {
			CdsClient http = http(first);
			critical = call.callOk(http).critical();
			overridden = FeedbackJson
				.body(FeedbackJson.overridden(uuid(critical), ExampleCall.reasonOf(critical, 0), AT));
			assertThat(FeedbackJson.counts(feedback(http, overridden).json()))
				.isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 1}"));
		}

		try (ConfigurableApplicationContext second = start(database)) {
			CdsClient http = http(second);
			AuditTables tables = new AuditTables(second.getBean(JdbcClient.class));
			ServiceCall recorded = tables.callWithHookInstance(call.hookInstance()).orElseThrow();
			assertThat(recorded.httpStatus()).isEqualTo(200);
			assertThat(tables.cardsOf(recorded.callId())).containsKey(uuid(critical));

			assertThat(FeedbackJson.counts(feedback(http, overridden).json())).as("the same feedback again")
				.isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 0}"));
			String accepted = FeedbackJson
				.body(FeedbackJson.accepted(uuid(critical), ExampleCall.suggestionOf(critical), AT.plusSeconds(5)));
			assertThat(FeedbackJson.counts(feedback(http, accepted).json()))
				.as("new feedback on a card of the first instance")
				.isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 1}"));

			JsonNode row = analyticsRow(http, from, tables.ruleOf(uuid(critical)));
			assertThat(row.get("shown").asLong()).isOne();
			assertThat(row.get("accepted").asLong()).isOne();
			assertThat(row.get("overridden").asLong()).isOne();
			assertThat(row.get("overrideRate").asDouble()).isEqualTo(1.0);
			assertThat(row.at("/overrideReasons/0/code").asText())
				.isEqualTo(critical.at("/overrideReasons/0/code").asText());
			assertThat(row.at("/overrideReasons/0/count").asLong()).isOne();

			ExampleCall again = ExampleCall.example();
			again.callOk(http);
			assertThat(second.getBean(AuditTrail.class).awaitDrained(Duration.ofSeconds(10))).isTrue();
			assertThat(tables.callWithHookInstance(again.hookInstance()).orElseThrow().patientKey())
				.as("the patient's key, with the same secret after the restart")
				.isEqualTo(recorded.patientKey());
		}
	}

	private static ConfigurableApplicationContext start(Database database) {
		List<String> arguments = new ArrayList<>(database.arguments());
		arguments.add("--server.port=0");
		arguments.add("--ldn.audit.patient-key-secret=restart-test-secret");
		return new SpringApplicationBuilder(LdnCdsApplication.class).run(arguments.toArray(String[]::new));
	}

	private static CdsClient http(ConfigurableApplicationContext context) {
		return new CdsClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	private static CdsClient.Answer feedback(CdsClient http, String body) {
		return http.post("/cds-services/" + ExampleCall.SERVICE + "/feedback", BodyPublishers.ofString(body),
				"Content-Type", "application/json");
	}

	private static JsonNode analyticsRow(CdsClient http, Instant from, String rule) {
		CdsClient.Answer answer = http.get("/analytics/rules?from=" + from + "&to=" + Instant.now().plusSeconds(1));
		assertThat(answer.status()).as("analytics: %s", answer.body()).isEqualTo(200);
		for (JsonNode row : answer.json().path("rules")) {
			if (row.get("rule").asText().equals(rule)) {
				return row;
			}
		}
		throw new AssertionError("no analytics row for " + rule + " in " + answer.body());
	}

	private static String uuid(JsonNode card) {
		return card.get("uuid").asText();
	}

}
