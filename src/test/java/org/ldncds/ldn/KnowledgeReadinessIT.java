package org.ldncds.ldn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.rules.RuleBase;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health groups the Kubernetes probes call (deploy/kubernetes): readiness names the
 * knowledge an instance answers with and is up only once it is warmed up; liveness
 * depends on nothing outside the JVM.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class KnowledgeReadinessIT {

	@LocalServerPort
	int port;

	@Autowired
	KnowledgeBase knowledge;

	@Autowired
	RuleBase rules;

	@Autowired
	PipelineWarmUp pipeline;

	@Autowired
	LiveKnowledge live;

	@Autowired
	CdsServiceRegistry services;

	@Test
	void readinessIsUpWithTheKnowledgeVersionAndRuleFingerprint() {
		CdsClient.Answer answer = new CdsClient(port).get("/actuator/health/readiness");

		assertThat(answer.status()).isEqualTo(200);
		JsonNode components = json(answer).path("components");
		assertThat(components.fieldNames()).toIterable().containsExactlyInAnyOrder("readinessState", "knowledge");
		JsonNode knowledgeHealth = components.path("knowledge");
		assertThat(knowledgeHealth.path("status").asText()).isEqualTo("UP");
		assertThat(knowledgeHealth.path("details").path("knowledgeVersion").asText()).isEqualTo(knowledge.version());
		assertThat(knowledgeHealth.path("details").path("ruleFingerprint").asText()).isEqualTo(rules.fingerprint());
		assertThat(knowledgeHealth.path("details").path("rules").asInt()).isEqualTo(rules.ruleNames().size());
	}

	@Test
	void livenessDependsOnlyOnTheJvm() {
		CdsClient.Answer answer = new CdsClient(port).get("/actuator/health/liveness");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(json(answer).path("components").fieldNames()).toIterable().containsExactly("livenessState");
	}

	/** The actuator answers application/vnd.spring-boot.actuator.v3+json. */
	private static JsonNode json(CdsClient.Answer answer) {
		try {
			return new ObjectMapper().readTree(answer.body());
		}
		catch (JsonProcessingException ex) {
			throw new AssertionError("not JSON: " + answer.body(), ex);
		}
	}

	@Test
	void theWarmUpAnswersTheExampleCallWithEveryService(CapturedOutput output) {
		assertThat(pipeline.run(services.services())).isPositive();

		assertThat(output.getAll()).doesNotContain("Warm-up call to");
	}

	@Test
	void notReadyBeforeTheRulesHaveRunOnce() {
		KnowledgeReadiness readiness = new KnowledgeReadiness(live, services, pipeline);

		assertThat(readiness.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
		readiness.warmUp();
		assertThat(readiness.health().getStatus().getCode()).isEqualTo("UP");
	}

}
