package org.ldncds.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without administrator credentials configured, health details go to callers on this
 * machine that come directly, as the analytics do; a request through a proxy gets the
 * status alone.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LocalHealthDetailsIT {

	@LocalServerPort
	int port;

	@Test
	void aDirectLocalCallerGetsTheDetails() {
		CdsClient.Answer answer = new CdsClient(port).get("/actuator/health", null);

		assertThat(answer.status()).isEqualTo(200);
		JsonNode health = CdsClient.parse(answer.body());
		assertThat(health.at("/components/audit/status").asText()).isEqualTo("UP");
		assertThat(health.at("/components/diskSpace/details/path").asText()).startsWith("/");
	}

	@Test
	void aCallerThroughAProxyGetsTheStatusAlone() {
		CdsClient.Answer answer = new CdsClient(port).get("/actuator/health", null, "X-Forwarded-For", "203.0.113.9");

		assertThat(answer.status()).isEqualTo(200);
		HealthDetailsIT.assertStatusOnly(answer, "UP");
	}

}
