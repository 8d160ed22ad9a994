package org.ldncds.ldn;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ldncds.LdnCdsApplication;
import org.ldncds.db.Eventually;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.KnowledgeCopy;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances reading their knowledge from one folder on disk (as two pods from one
 * ConfigMap): a change is answered with by both without a restart; a broken change is
 * refused by both, which keep answering with the knowledge they had and say why.
 */
class KnowledgeReloadIT {

	private static final Duration PICKED_UP = Duration.ofSeconds(60);

	private static final String PROBE = "ldn/zz-reload-probe.drl";

	private static final String OPIOID_RULES = "ldn/opioid-interaction.drl";

	private static KnowledgeCopy knowledge;

	private static ConfigurableApplicationContext instanceA;

	private static ConfigurableApplicationContext instanceB;

	@BeforeAll
	static void startTwoInstancesOnOneKnowledgeFolder() throws IOException {
		knowledge = KnowledgeCopy.create();
		instanceA = start();
		instanceB = start();
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { instanceA, instanceB }) {
			if (instance != null) {
				instance.close();
			}
		}
		if (knowledge != null) {
			knowledge.close();
		}
	}

	@AfterEach
	void removeTheProbeAndWaitForBoth() throws Exception {
		Instant removed = Instant.now();
		if (Files.deleteIfExists(knowledge.rules().resolve(PROBE))) {
			for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
				Eventually.within(PICKED_UP, () -> {
					JsonNode last = lastReload(instance);
					assertThat(Instant.parse(last.path("at").asText())).isAfter(removed);
					assertThat(last.path("lastReload").asText()).isIn("applied", "unchanged");
				});
			}
		}
	}

	@Test
	void aNewRuleIsAnsweredWithByBothInstancesWithoutARestart() throws Exception {
		String before = versionOf(instanceA);
		assertThat(versionOf(instanceB)).isEqualTo(before);

		writeProbe("""
				package ldn;
				import org.ldncds.facts.PatientFact;
				rule "Reload probe: a rule that never fires"
				when
				    PatientFact( eval(false) )
				then
				end
				""");

		for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
			Eventually.within(PICKED_UP, () -> assertThat(versionOf(instance)).isNotEqualTo(before));
			assertThat(lastReload(instance).path("lastReload").asText()).isEqualTo("applied");
		}
		assertThat(versionOf(instanceA)).isEqualTo(versionOf(instanceB));
	}

	@Test
	void aRuleThatDoesNotCompileIsRefusedByBothAndTheOldKnowledgeKeepsAnswering() throws Exception {
		String before = versionOf(instanceA);

		writeProbe("""
				package ldn;
				rule "Reload probe: broken"
				when
				    this is not DRL
				then
				end
				""");

		for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
			Eventually.within(PICKED_UP,
					() -> assertThat(lastReload(instance).path("lastReload").asText()).isEqualTo("refused"));
			assertThat(lastReload(instance).path("problem").asText()).contains(PROBE + ":");
			assertThat(versionOf(instance)).isEqualTo(before);
			JsonNode readiness = actuatorJson(client(instance).get("/actuator/health/readiness"));
			assertThat(readiness.path("status").asText()).isEqualTo("UP");
			assertThat(readiness.path("components")
				.path("knowledge")
				.path("details")
				.path("lastReload")
				.path("lastReload")
				.asText()).isEqualTo("refused");
		}
	}

	@Test
	void knowledgeWithoutTheOpioidRulesIsRefused() throws Exception {
		String before = versionOf(instanceA);
		Instant written = Instant.now();
		// A rule file that compiles, but without the critical naltrexone-opioid rule.
		String original = knowledge.edit(OPIOID_RULES, (text) -> "package ldn;\n");
		try {

			Eventually.within(PICKED_UP, () -> {
				JsonNode last = lastReload(instanceA);
				assertThat(Instant.parse(last.path("at").asText())).isAfter(written);
				assertThat(last.path("lastReload").asText()).isEqualTo("refused");
			});
			// The knowledge check sees the opioid cards' templates without their rules
			// before the example call would miss its critical card.
			assertThat(lastReload(instanceA).path("problem").asText()).contains("opioid");
			assertThat(versionOf(instanceA)).isEqualTo(before);
		}
		finally {
			knowledge.write(OPIOID_RULES, original);
		}
		Eventually.within(PICKED_UP,
				() -> assertThat(lastReload(instanceA).path("lastReload").asText()).isIn("applied", "unchanged"));
	}

	/**
	 * The FHIR knowledge, zipped as its ConfigMap carries it, changed without a new
	 * version: both refuse it, since their answers could not tell the two apart; put
	 * back, both find it unchanged.
	 */
	@Test
	void aValueSetChangedWithoutANewVersionIsRefusedByBoth() throws Exception {
		String before = versionOf(instanceA);
		Instant written = Instant.now();
		knowledge.editProfiles((text) -> text.replace("\"title\": \"Opioids blocked by naltrexone (grouping)\"",
				"\"title\": \"Opioids that naltrexone blocks (grouping)\""));
		try {
			for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
				Eventually.within(PICKED_UP, () -> {
					JsonNode last = lastReload(instance);
					assertThat(Instant.parse(last.path("at").asText())).isAfter(written);
					assertThat(last.path("lastReload").asText()).isEqualTo("refused");
				});
				assertThat(lastReload(instance).path("problem").asText())
					.startsWith("The FHIR knowledge changed but its version is still ");
				assertThat(versionOf(instance)).isEqualTo(before);
			}
		}
		finally {
			knowledge.editProfiles(UnaryOperator.identity());
		}
		for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
			Eventually.within(PICKED_UP,
					() -> assertThat(lastReload(instance).path("lastReload").asText()).isEqualTo("unchanged"));
		}
	}

	@Test
	void anAdministratorReloadsOnDemand() {
		JsonNode answer = actuatorJson(client(instanceA).post("/actuator/knowledge", "{}", null));

		assertThat(answer.path("version").asText()).isEqualTo(versionOf(instanceA));
		assertThat(answer.path("lastReload").asText()).isIn("applied", "unchanged");
	}

	private static void writeProbe(String drl) throws IOException {
		knowledge.write(PROBE, drl);
	}

	/** The knowledge version the instance answered the example call with. */
	private static String versionOf(ConfigurableApplicationContext instance) {
		CdsClient.Answer answer = client(instance).call("ldn-order-select", CdsClient.exampleCall());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.cards().get(0).path("indicator").asText()).isEqualTo("critical");
		return answer.header("LDN-Knowledge-Version").orElseThrow();
	}

	private static JsonNode lastReload(ConfigurableApplicationContext instance) {
		return actuatorJson(client(instance).get("/actuator/knowledge"));
	}

	/** The actuator answers application/vnd.spring-boot.actuator.v3+json. */
	private static JsonNode actuatorJson(CdsClient.Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return CdsClient.parse(answer.body());
	}

	private static CdsClient client(ConfigurableApplicationContext instance) {
		return new CdsClient(((WebServerApplicationContext) instance).getWebServer().getPort());
	}

	private static ConfigurableApplicationContext start() {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
		arguments.addAll(knowledge.arguments(Duration.ofMillis(200)));
		return new SpringApplicationBuilder(LdnCdsApplication.class).run(arguments.toArray(String[]::new));
	}

}
