package org.ldncds.ldn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ldncds.KnowledgeFixtures;

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
 */
@SpringBootTest
@AutoConfigureMockMvc
class KnowledgeScenariosTest {

	static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ObjectMapper json;

	@TestFactory
	Stream<DynamicTest> everyScenarioGetsExactlyItsExpectedCards() throws IOException {
		return scenarios(json).stream()
			.map((scenario) -> DynamicTest.dynamicTest(scenario.name(), () -> check(scenario)));
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
			.hasSizeLessThan(140));
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
