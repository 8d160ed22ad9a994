package org.ldncds.calls;

import java.net.http.HttpRequest.BodyPublishers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.db.ExampleCall;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operations see: latency histograms per service, counters per rule, indicator and
 * prefetch origin (Prometheus), structured JSON logs carrying the call's hookInstance and
 * client issuer (opt-in: {@code logging.structured.format.console=ecs}), and the build
 * and knowledge versions in {@code /actuator/info}.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ldn.security.enabled=true")
class OperationsIT {

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@Test
	void countsAndTimesCallsPerServiceRuleIndicatorAndPrefetchOrigin() throws Exception {
		assertThat(authorizedCall(ExampleCall.example()).status()).isEqualTo(200);

		String prometheus = http.get("/actuator/prometheus").body();

		assertThat(prometheus).containsPattern(
				"ldn_calls_seconds_bucket\\{[^}]*service=\"" + ExampleCall.SERVICE + "\"[^}]*status=\"200\"");
		assertThat(prometheus).containsPattern("ldn_cards_total\\{indicator=\"critical\",rule=\"[^\"]+\",service=\""
				+ ExampleCall.SERVICE + "\"\\} [1-9]");
		assertThat(prometheus).containsPattern("ldn_rules_fired_total\\{rule=\"[^\"]+\"\\} [1-9]");
		assertThat(prometheus).containsPattern(
				"ldn_prefetch_total\\{key=\"medications\",origin=\"supplied\",service=\"" + ExampleCall.SERVICE + "\"");
	}

	@Test
	void aCallThatReachedNoServiceIsCountedAsNone() {
		http.call("no-such-service", "{}");

		assertThat(http.get("/actuator/prometheus").body())
			.containsPattern("ldn_calls_seconds_count\\{service=\"none\",status=\"401\"\\}")
			.doesNotContain("no-such-service");
	}

	/**
	 * The call, signed with a token of the demo client (this machine may ask for one).
	 */
	private CdsClient.Answer authorizedCall(ExampleCall call) {
		String endpoint = "http://127.0.0.1:" + port + "/cds-services/" + ExampleCall.SERVICE;
		String token = http.post("/demo/token?aud=" + endpoint, BodyPublishers.noBody())
			.json()
			.get("access_token")
			.asText();
		return http.post("/cds-services/" + ExampleCall.SERVICE, BodyPublishers.ofString(call.json()), "Content-Type",
				"application/json", "Authorization", "Bearer " + token);
	}

	@Test
	void infoSaysWhichBuildAndKnowledgeAnswer() {
		JsonNode info = CdsClient.parse(http.get("/actuator/info").body());

		assertThat(info.at("/build/version").asText()).isNotBlank();
		assertThat(info.at("/build/artifact").asText()).isEqualTo("ldn-cds");
		assertThat(info.at("/knowledge/version").asText()).startsWith("2026.");
		assertThat(info.at("/knowledge/ruleFingerprint").asText()).matches("[0-9a-f]{12}");
		assertThat(info.at("/knowledge/rules").asInt()).isPositive();
	}

}
