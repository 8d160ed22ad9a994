package org.ldncds.ldn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.Advice;
import org.ldncds.facts.ClinicalFacts;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.PatientRecord;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.HookRequestParser;
import org.ldncds.hooks.PrefetchValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Runs every scenario file under {@code src/test/resources/scenarios/}: the request goes
 * through the real endpoint, rules and card factory, and the cards must be exactly the
 * expected ones. Scenarios run on a fixed day, {@link KnowledgeFixtures#TODAY}.
 *
 * <p>
 * Two checks span all scenarios: a scenario whose request holds no opioid (no opioid
 * order, no record of recent opioid use, no urine opiate screen) never gets a critical
 * card, and every rule of the rule base fires in at least one scenario.
 */
@SpringBootTest
@AutoConfigureMockMvc
class KnowledgeScenariosTest {

	static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

	/** Which orders each service reviews, as configured in LdnConfiguration. */
	private static final Map<String, ReviewScope> SCOPES = Map.of("ldn-order-select", ReviewScope.SELECTIONS,
			"ldn-order-sign", ReviewScope.ALL_DRAFTS, "ldn-patient-view", ReviewScope.CHART);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ObjectMapper json;

	@Autowired
	private HookRequestParser parser;

	@Autowired
	private CdsServiceRegistry services;

	@TestFactory
	Stream<DynamicTest> everyScenarioGetsExactlyItsExpectedCards() throws IOException {
		return scenarios(json).stream()
			.map((scenario) -> DynamicTest.dynamicTest(scenario.name(), () -> check(scenario)));
	}

	/**
	 * Whether a medication is an opioid is decided from the request, by the project's own
	 * terminology, not from what the scenario expects.
	 */
	@TestFactory
	Stream<DynamicTest> noScenarioWithoutAnOpioidGetsACriticalCard() throws IOException {
		List<DynamicTest> tests = new ArrayList<>();
		for (Scenario scenario : scenarios(json)) {
			if (!hasAnOpioid(factsOf(scenario))) {
				tests.add(DynamicTest.dynamicTest(scenario.name(), () -> {
					List<String> critical = new ArrayList<>();
					callService(scenario).path("cards").forEach((card) -> {
						if ("critical".equals(card.path("indicator").asText())) {
							critical.add(card.path("summary").asText());
						}
					});
					assertThat(critical).as("%s: no opioid in the request, yet critical cards", scenario.name())
						.isEmpty();
				}));
			}
		}
		assertThat(tests).as("scenarios without an opioid").isNotEmpty();
		return tests.stream();
	}

	/**
	 * Every rule of the rule base, the rules deriving Naltrexone and LowDoseNaltrexone
	 * included, fires in at least one scenario.
	 */
	@Test
	void everyRuleFiresInAtLeastOneScenario() throws Exception {
		Set<String> fired = new TreeSet<>();
		for (Scenario scenario : scenarios(json)) {
			fired.addAll(KnowledgeFixtures.rules().evaluate(factsOf(scenario).all(), Advice.class).firedRules());
		}
		Set<String> unshown = new TreeSet<>(KnowledgeFixtures.rules().ruleNames());
		unshown.removeAll(fired);
		assertThat(unshown).as("rules that no scenario fires").isEmpty();
	}

	/**
	 * An opioid ordered, on the record, taken recently by another record (an ended order,
	 * a statement, a dispense), or found by a urine opiate screen.
	 */
	private static boolean hasAnOpioid(ClinicalFacts facts) {
		return facts.medications().stream().anyMatch((medication) -> medication.inValueSet("opioids"))
				|| facts.exposures().stream().anyMatch((exposure) -> exposure.inValueSet("opioids"))
				|| facts.observations()
					.stream()
					.anyMatch((observation) -> observation.inValueSet("lab-opiate-urine-screen"));
	}

	/**
	 * The facts of the scenario's request: its drafts and its prefetch (current orders
	 * only), mapped as the service maps them.
	 */
	private ClinicalFacts factsOf(Scenario scenario) throws IOException {
		CdsService service = services.find(scenario.service())
			.orElseThrow(() -> new IllegalArgumentException(scenario.name() + ": no service " + scenario.service()));
		HookRequest request = parser.parse(json.writeValueAsBytes(scenario.request()), service.descriptor());
		List<IBaseResource> prefetched = request.prefetch()
			.values()
			.stream()
			.filter(PrefetchValue.Data.class::isInstance)
			.map((value) -> ((PrefetchValue.Data) value).resource())
			.toList();
		return KnowledgeFixtures.factMapper()
			.map(request.context(), PatientRecord.of(prefetched), SCOPES.get(scenario.service()));
	}

	private void check(Scenario scenario) throws Exception {
		JsonNode cards = callService(scenario).path("cards");
		assertThat(cards.isArray()).as("%s: response has a cards array", scenario.name()).isTrue();
		List<JsonNode> unmatched = new ArrayList<>();
		cards.forEach(unmatched::add);
		for (Scenario.ExpectedCard expected : scenario.expectedCards()) {
			JsonNode match = unmatched.stream().filter(expected::matches).findFirst().orElse(null);
			assertThat(match).as("%s: expected card %s among %s", scenario.name(), expected, summaries(cards))
				.isNotNull();
			unmatched.remove(match);
		}
		if (!scenario.otherCardsAllowed()) {
			assertThat(summaries(unmatched)).as("%s: cards nobody expected", scenario.name()).isEmpty();
		}
		cards.forEach((card) -> assertThat(card.path("summary").asText()).as("%s: summary length", scenario.name())
			.hasSizeLessThan(140)
			.as("%s: summary fits as the rule wrote it, not cut by the card factory", scenario.name())
			.doesNotEndWith("…"));
	}

	JsonNode callService(Scenario scenario) throws Exception {
		String body = mvc
			.perform(post("/cds-services/" + scenario.service()).contentType(MediaType.APPLICATION_JSON)
				.content(json.writeValueAsBytes(scenario.request())))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return json.readTree(body);
	}

	static List<Scenario> scenarios(ObjectMapper json) throws IOException {
		try (Stream<Path> files = Files.walk(SCENARIOS)) {
			List<Scenario> scenarios = new ArrayList<>();
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				scenarios.add(Scenario.from(SCENARIOS.relativize(file).toString(), json.readTree(file.toFile())));
			}
			return scenarios;
		}
	}

	private static List<String> summaries(Iterable<JsonNode> cards) {
		List<String> summaries = new ArrayList<>();
		cards.forEach((card) -> summaries.add(card.path("indicator").asText() + ": " + card.path("summary").asText()));
		return summaries;
	}

	@TestConfiguration
	static class FixedDay {

		@Bean
		@Primary
		Clock scenarioDay() {
			return KnowledgeFixtures.TODAY;
		}

	}

}
