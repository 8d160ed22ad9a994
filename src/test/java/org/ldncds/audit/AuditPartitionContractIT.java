package org.ldncds.audit;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.db.AuditTables;
import org.ldncds.db.Eventually;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.FeedbackJson;
import org.ldncds.db.ProxiedDatabase;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A silent network partition between the service and its database: connections, open and
 * new, stop answering without being closed, and those caught in it stay dead after the
 * network heals (as behind a firewall that forgot them). Calls are still answered; health
 * says DEGRADED (HTTP 200) and feedback is refused (503), each within a bounded time;
 * once the network heals, the audit writer and the pool recover on their own and every
 * record is written exactly once. Without network timeouts on the connections the writer
 * stays blocked in a socket read for good. Run against H2 (server mode) and PostgreSQL by
 * the subclasses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.database.socket-timeout=2s", "ldn.database.connect-timeout=1s",
				"ldn.database.login-timeout=2s", "ldn.audit.retry-interval=500ms", "ldn.audit.stalled-after=1s",
				"ldn.audit.check-interval=500ms", "spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.validation-timeout=500" })
abstract class AuditPartitionContractIT {

	private static final int CALLS = 20;

	/** Bounds every wait: the socket timeout (2 s) several times over. */
	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	private CdsClient http;

	abstract ProxiedDatabase database();

	@BeforeEach
	void connect() throws InterruptedException {
		http = new CdsClient(port);
		assertThat(audit.awaitDrained(PATIENCE)).isTrue();
	}

	@AfterEach
	void heal() {
		database().heal();
	}

	@Test
	void answersCallsThroughASilentPartitionSaysSoAndWritesEveryRecordOnceItHeals() throws Exception {
		// Connections in the pool, busy and idle, are caught in the partition.
		ExampleCall.example().callOk(http);
		assertThat(audit.awaitDrained(PATIENCE)).isTrue();
		JsonNode cardBefore = ExampleCall.example().callOk(http).critical();
		assertThat(audit.awaitDrained(PATIENCE)).isTrue();

		database().hang();
		List<ExampleCall> calls = new ArrayList<>();
		for (int i = 0; i < CALLS; i++) {
			ExampleCall call = ExampleCall.example();
			long started = System.nanoTime();
			call.callOk(http);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("call %s answered at once", i)
				.isLessThan(Duration.ofSeconds(2));
			calls.add(call);
		}

		Eventually.within(PATIENCE, () -> {
			CdsClient.Answer health = http.get("/actuator/health");
			JsonNode body = CdsClient.parse(health.body());
			assertThat(body.path("status").asText()).as("health %s", health.body()).isEqualTo("DEGRADED");
			assertThat(health.status()).isEqualTo(200);
			assertThat(body.at("/components/audit/details/database").asText()).isIn("unreachable", "not answering");
		});
		long started = System.nanoTime();
		feedback(cardBefore).assertRefused(503, "feedback_not_stored");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("feedback refused within the timeouts")
			.isLessThan(Duration.ofSeconds(10));

		database().heal();

		assertThat(audit.awaitDrained(PATIENCE)).as("backlog written after the partition").isTrue();
		AuditTables tables = new AuditTables(jdbc);
		for (ExampleCall call : calls) {
			assertThat(tables.count("service_call", "hook_instance", call.hookInstance())).as("rows of a call").isOne();
		}
		Eventually.within(PATIENCE, () -> {
			CdsClient.Answer health = http.get("/actuator/health");
			assertThat(CdsClient.parse(health.body()).path("status").asText()).as(health.body()).isEqualTo("UP");
		});
		Eventually.within(PATIENCE, () -> assertThat(feedback(cardBefore).status()).isEqualTo(200));
	}

	private CdsClient.Answer feedback(JsonNode card) {
		String body = FeedbackJson.body(FeedbackJson.overridden(card.get("uuid").asText(), Instant.now()));
		return http.post("/cds-services/" + ExampleCall.SERVICE + "/feedback", BodyPublishers.ofString(body),
				"Content-Type", "application/json");
	}

}
