package org.ldncds.ldn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.KnowledgeFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Requests shaped as real CDS clients send them, one folder per client style under
 * {@code src/test/resources/corpus/}. Each case is two files:
 * {@code <name>.request.json}, the body exactly as sent (byte for byte: ambiguous bodies
 * are cases too), and {@code <name>.expected.json}, what the service must answer:
 *
 * <pre>
 * {
 *   "description": "what the case shows",
 *   "service": "ldn-order-select",
 *   "status": 200,
 *   "cards": [ { "indicator": "critical", "summary": "regex", "detail": "regex", "source": "regex",
 *                "actions": [ { "type": "delete", "resourceId": "MedicationRequest/x" } ],
 *                "overrideReasons": [ "opioid-stopped" ] } ],
 *   "otherCardsAllowed": false
 * }
 * { "description": "...", "service": "...", "status": 400, "error": "invalid_request", "detail": "regex" }
 * </pre>
 *
 * A card's fields other than {@code indicator} and {@code summary} are checked when
 * given. Dropping a request and its expectation into a folder adds a test. Cases run on
 * {@link KnowledgeFixtures#TODAY}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class RequestCorpusTest {

	static final Path CORPUS = Path.of("src/test/resources/corpus");

	private static final String REQUEST = ".request.json";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ObjectMapper json;

	@TestFactory
	Stream<DynamicTest> everyCaseGetsItsExpectedAnswer(CapturedOutput log) throws IOException {
		return cases().stream()
			.map((request) -> DynamicTest.dynamicTest(CORPUS.relativize(request).toString(),
					() -> check(request, log)));
	}

	/** Every client style the corpus promises has cases, and every request its answer. */
	@Test
	void everyClientStyleHasCasesAndEveryRequestAnExpectation() throws IOException {
		for (String style : List.of("cds-hooks-sandbox", "epic-style", "oracle-cerner-style", "synthea-style",
				"hapi-searchset", "crd-request-generator", "ambiguous")) {
			assertThat(cases()).as("cases of %s", style).anyMatch((file) -> file.getParent().endsWith(style));
		}
		for (Path request : cases()) {
			assertThat(expectationOf(request)).as("expectation of %s", request).exists();
		}
	}

	private void check(Path request, CapturedOutput log) throws Exception {
		JsonNode expected = json.readTree(expectationOf(request).toFile());
		String name = CORPUS.relativize(request).toString();
		int logBefore = log.getOut().length();
		MockHttpServletResponse response = mvc
			.perform(post("/cds-services/" + expected.path("service").asText()).contentType(MediaType.APPLICATION_JSON)
				.content(Files.readAllBytes(request)))
			.andReturn()
			.getResponse();
		JsonNode answer = json.readTree(response.getContentAsString());
		int status = expected.path("status").asInt(200);
		assertThat(response.getStatus()).as("%s: status (answer %s)", name, answer).isEqualTo(status);
		if (status >= 400) {
			assertThat(answer.path("error").asText()).as("%s: error", name).isEqualTo(expected.path("error").asText());
			assertThat(answer.path("detail").asText()).as("%s: detail", name)
				.containsPattern(Pattern.compile(expected.path("detail").asText()));
			assertThat(log.getOut().substring(logBefore)).as("%s: the refusal and its reason are logged", name)
				.contains("Refused call: " + status + " " + expected.path("error").asText() + ": ");
			return;
		}
		checkCards(name, expected, answer.path("cards"));
	}

	private static void checkCards(String name, JsonNode expected, JsonNode cards) {
		List<JsonNode> unmatched = new ArrayList<>();
		cards.forEach(unmatched::add);
		for (JsonNode card : expected.path("cards")) {
			JsonNode match = unmatched.stream().filter((shown) -> matches(card, shown)).findFirst().orElse(null);
			assertThat(match).as("%s: expected card %s among %s", name, card, cards).isNotNull();
			unmatched.remove(match);
		}
		if (!expected.path("otherCardsAllowed").asBoolean(false)) {
			assertThat(unmatched).as("%s: cards nobody expected", name).isEmpty();
		}
	}

	private static boolean matches(JsonNode expected, JsonNode card) {
		return expected.path("indicator").asText().equals(card.path("indicator").asText())
				&& found(expected, "summary", card.path("summary")) && found(expected, "detail", card.path("detail"))
				&& found(expected, "source", card.path("source").path("label")) && hasActions(expected, card)
				&& hasOverrideReasons(expected, card);
	}

	private static boolean found(JsonNode expected, String field, JsonNode value) {
		return !expected.has(field)
				|| Pattern.compile(expected.path(field).asText(), Pattern.DOTALL).matcher(value.asText()).find();
	}

	private static boolean hasActions(JsonNode expected, JsonNode card) {
		List<String> shown = new ArrayList<>();
		card.path("suggestions")
			.forEach((suggestion) -> suggestion.path("actions")
				.forEach((action) -> shown.add(action.path("type").asText() + " " + action.path("resourceId").asText()
						+ " " + action.path("resource").path("id").asText())));
		for (JsonNode action : expected.path("actions")) {
			String wanted = action.path("type").asText() + " " + action.path("resourceId").asText() + " "
					+ action.path("resourceIdInResource").asText();
			if (!shown.contains(wanted)) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasOverrideReasons(JsonNode expected, JsonNode card) {
		List<String> shown = new ArrayList<>();
		card.path("overrideReasons").forEach((reason) -> shown.add(reason.path("code").asText()));
		for (JsonNode code : expected.path("overrideReasons")) {
			if (!shown.contains(code.asText())) {
				return false;
			}
		}
		return true;
	}

	private static Path expectationOf(Path request) {
		String file = request.getFileName().toString();
		return request.resolveSibling(file.substring(0, file.length() - REQUEST.length()) + ".expected.json");
	}

	static List<Path> cases() throws IOException {
		try (Stream<Path> files = Files.walk(CORPUS)) {
			return files.filter((path) -> path.toString().endsWith(REQUEST)).sorted().toList();
		}
	}

	@TestConfiguration
	static class FixedDay {

		@Bean
		@Primary
		Clock corpusDay() {
			return KnowledgeFixtures.TODAY;
		}

	}

}
