package org.ldncds.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's example patients: valid FHIR R4, each taken from the knowledge scenario
 * it names (same medications and conditions), with an order the form can make.
 */
class SandboxExamplesTest {

	private static final Path EXAMPLES = Path.of("src/main/resources/static/examples");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Set<String> PRODUCTS = Set.of("naltrexone", "oxycodone", "tramadol");

	@Test
	void everyListedExampleIsValidFhirTakenFromItsScenario() throws IOException {
		IParser parser = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
		List<String> ids = new ArrayList<>();
		for (JsonNode listed : JSON.readTree(EXAMPLES.resolve("index.json").toFile()).path("examples")) {
			String id = listed.path("id").asText();
			ids.add(id);
			JsonNode example = JSON.readTree(EXAMPLES.resolve(listed.path("file").asText()).toFile());
			assertThat(example.path("id").asText()).isEqualTo(id);
			assertThat(example.path("title").asText()).isEqualTo(listed.path("title").asText());
			assertThat(example.path("description").asText()).isNotBlank();

			JsonNode patient = example.path("patient");
			parser.parseResource(patient.toString());
			assertThat(patient.path("id").asText()).isEqualTo("sandbox-" + id);
			assertThat(patient.path("name").path(0).path("family").asText()).as("%s family name", id).isNotBlank();
			for (String list : List.of("medications", "conditions")) {
				for (JsonNode resource : example.path(list)) {
					parser.parseResource(resource.toString());
					assertThat(resource.path("subject").path("reference").asText()).as("%s %s subject", id, list)
						.isEqualTo("Patient/" + patient.path("id").asText());
				}
			}

			Path scenario = Path.of(example.path("basedOn").asText());
			assertThat(scenario).as("%s scenario", id).isRegularFile();
			JsonNode prefetch = JSON.readTree(Files.readString(scenario)).path("request").path("prefetch");
			assertThat(codes(example.path("medications"), "medicationCodeableConcept"))
				.as("%s medications, as in %s", id, scenario)
				.isEqualTo(codes(entries(prefetch.path("medications")), "medicationCodeableConcept"));
			assertThat(codes(example.path("conditions"), "code")).as("%s conditions, as in %s", id, scenario)
				.isEqualTo(codes(entries(prefetch.path("conditions")), "code"));

			JsonNode order = example.path("order");
			assertThat(PRODUCTS).as("%s order product", id).contains(order.path("product").asText());
			assertThat(order.path("dose").asDouble()).as("%s order dose", id).isPositive();
			assertThat(order.path("frequency").asInt()).as("%s order frequency", id).isBetween(1, 4);
		}
		assertThat(ids).contains("opioid-user", "fibromyalgia", "hashimoto", "pregnancy", "multiple-sclerosis", "child",
				"on-ldn");
	}

	private static List<JsonNode> entries(JsonNode bundle) {
		List<JsonNode> resources = new ArrayList<>();
		bundle.path("entry").forEach((entry) -> resources.add(entry.path("resource")));
		return resources;
	}

	private static List<JsonNode> codes(Iterable<JsonNode> resources, String field) {
		List<JsonNode> codes = new ArrayList<>();
		resources.forEach((resource) -> codes.add(resource.path(field)));
		return codes;
	}

}
