package org.ldncds.ldn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One knowledge scenario: a CDS Hooks request and every card it must produce, whole.
 * Scenarios are JSON files under {@code src/test/resources/scenarios/}; their format and
 * how to regenerate the expectations are in the README there.
 *
 * @param file the scenario file
 * @param name the file's path below the scenarios folder
 * @param document the whole file
 */
record Scenario(Path file, String name, ObjectNode document) {

	static final Path FOLDER = Path.of("src/test/resources/scenarios");

	Scenario {
		if (!document.path("request").isObject() || !document.path("service").isTextual()) {
			throw new IllegalArgumentException("Scenario " + name + " needs a \"service\" and a \"request\" object");
		}
		if (!document.path("expectedCards").isArray()) {
			throw new IllegalArgumentException("Scenario " + name + " needs \"expectedCards\": a list, empty when "
					+ "the request must get no card");
		}
	}

	/** Every scenario file, by path. */
	static List<Scenario> all() {
		try (Stream<Path> files = Files.walk(FOLDER)) {
			List<Scenario> scenarios = new ArrayList<>();
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				JsonNode document = ScenarioJson.read(file);
				if (!document.isObject()) {
					throw new IllegalArgumentException("Scenario " + file + " is not a JSON object");
				}
				scenarios.add(new Scenario(file, FOLDER.relativize(file).toString(), (ObjectNode) document));
			}
			return scenarios;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String description() {
		return document.path("description").asText(name);
	}

	String service() {
		return document.path("service").asText();
	}

	JsonNode request() {
		return document.path("request");
	}

	/** The cards expected, in {@link CardForm}. */
	ArrayNode expectedCards() {
		return (ArrayNode) document.path("expectedCards");
	}

	/**
	 * Rewrites the file with these expected cards, everything else as it was.
	 * @return whether the file changed
	 */
	boolean rewriteExpectedCards(ArrayNode cards) {
		if (ScenarioJson.pretty(cards).equals(ScenarioJson.pretty(expectedCards()))) {
			return false;
		}
		ObjectNode updated = document.deepCopy();
		updated.set("expectedCards", cards);
		ScenarioJson.write(file, updated);
		return true;
	}

}
