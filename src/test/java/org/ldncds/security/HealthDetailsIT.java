package org.ldncds.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With administrator credentials configured, health details (components, the database,
 * the disk and its absolute path, the audit backlog) go only to a caller sending them;
 * anyone else, on this machine or not, gets the status alone, and never a 401. (The same
 * settings as {@link AccessControlIT}, so the same running service.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ldn.security.enabled=true",
		"ldn.admin.username=informatics", "ldn.admin.password=correct horse battery" })
class HealthDetailsIT {

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@Test
	void anyoneGetsTheStatusAlone() {
		CdsClient.Answer answer = http.get("/actuator/health", null);

		assertThat(answer.status()).isEqualTo(200);
		assertStatusOnly(answer, "UP");
	}

	@Test
	void wrongCredentialsGetTheStatusAloneNotA401() {
		CdsClient.Answer answer = http.get("/actuator/health", null, "Authorization", basic("informatics", "guess"));

		assertThat(answer.status()).isEqualTo(200);
		assertStatusOnly(answer, "UP");
	}

	@Test
	void theProbesShowTheStatusAlone() {
		assertStatusOnly(http.get("/actuator/health/readiness", null), "UP");
		assertStatusOnly(http.get("/actuator/health/liveness", null), "UP");
	}

	@Test
	void theAdministratorGetsTheDetails() {
		CdsClient.Answer answer = http.get("/actuator/health", null, "Authorization",
				basic("informatics", "correct horse battery"));

		assertThat(answer.status()).isEqualTo(200);
		JsonNode health = CdsClient.parse(answer.body());
		assertThat(health.at("/components/audit/status").asText()).isEqualTo("UP");
		assertThat(health.at("/components/audit/details/database").asText()).isEqualTo("reachable");
		assertThat(health.at("/components/audit/details/backlog").isInt()).isTrue();
		assertThat(health.at("/components/diskSpace/details/path").asText()).startsWith("/");
		// The audit component says what the database is; no query per health request.
		assertThat(health.path("components").has("db")).isFalse();
	}

	static void assertStatusOnly(CdsClient.Answer answer, String status) {
		JsonNode health = CdsClient.parse(answer.body());
		assertThat(health.path("status").asText()).as(answer.body()).isEqualTo(status);
		// The names of the probe groups are no secret; components and details are.
		assertThat(health.fieldNames()).toIterable()
			.as("only the status in %s", answer.body())
			.isSubsetOf("status", "groups");
		assertThat(answer.body()).doesNotContain("diskSpace", "path", "backlog", "database", "/");
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
