package org.ldncds.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The discovery endpoint, {@code GET /cds-services}, as an EHR reads it when it is
 * configured with this service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DiscoveryIT {

	/** The prefetch tokens CDS Hooks 2.0 defines; an EHR may not fill any other. */
	private static final Set<String> LEGAL_TOKENS = Set.of("context.patientId", "context.userId", "context.encounterId",
			"userPractitionerId", "userPractitionerRoleId", "userPatientId", "userRelatedPersonId");

	private static final Pattern TOKEN = Pattern.compile("\\{\\{(.*?)}}");

	@LocalServerPort
	int port;

	private JsonNode discovery;

	@BeforeEach
	void discover() {
		CdsClient.Answer answer = new CdsClient(port).get("/cds-services");
		assertThat(answer.status()).isEqualTo(200);
		this.discovery = answer.json();
	}

	@Test
	void listsTheLdnServices() {
		assertThat(discovery.fieldNames()).toIterable().containsExactly("services");
		assertThat(discovery.get("services"))
			.extracting((service) -> service.path("id").asText(), (service) -> service.path("hook").asText())
			.containsExactlyInAnyOrder(tuple("ldn-patient-view", "patient-view"),
					tuple("ldn-order-select", "order-select"), tuple("ldn-order-sign", "order-sign"));
	}

	@Test
	void describesEachServiceWithATitleAndADescription() {
		for (JsonNode service : discovery.get("services")) {
			assertThat(service.path("title").asText()).as("title of %s", service.get("id")).isNotBlank();
			assertThat(service.path("description").asText()).as("description of %s", service.get("id")).isNotBlank();
		}
	}

	@Test
	void prefetchesThePatientTheirCurrentOrdersWithMedicationsAndTheirConditions() {
		for (JsonNode service : discovery.get("services")) {
			JsonNode prefetch = service.get("prefetch");
			assertThat(prefetch.fieldNames()).toIterable()
				.as("prefetch keys of %s", service.get("id"))
				.contains("patient", "medications", "conditions");
			assertThat(prefetch.get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
			assertThat(prefetch.get("medications").asText()).startsWith("MedicationRequest?")
				.contains("patient={{context.patientId}}", "status=active", "_include=MedicationRequest:medication");
			assertThat(prefetch.get("conditions").asText()).startsWith("Condition?")
				.contains("patient={{context.patientId}}");
		}
	}

	/**
	 * The order services also ask for the opioid history and the observations the rules
	 * read (optional keys); the chart service, called far more often, does not.
	 */
	@Test
	void orderServicesAlsoPrefetchTheHistoryAndTheChartServiceDoesNot() {
		for (JsonNode service : discovery.get("services")) {
			JsonNode prefetch = service.get("prefetch");
			if ("ldn-patient-view".equals(service.get("id").asText())) {
				assertThat(prefetch.fieldNames()).toIterable()
					.containsExactlyInAnyOrder("patient", "medications", "conditions", "medicationStatements",
							"medicationDispenses");
				continue;
			}
			assertThat(prefetch.fieldNames()).toIterable()
				.as("prefetch keys of %s", service.get("id"))
				.containsExactlyInAnyOrder("patient", "medications", "conditions", "medicationHistory",
						"medicationStatements", "medicationDispenses", "observations", "encounterDiagnoses");
			assertThat(prefetch.get("medicationHistory").asText())
				.isEqualTo("MedicationRequest?patient={{context.patientId}}&status=completed,stopped"
						+ "&_include=MedicationRequest:medication");
			assertThat(prefetch.get("observations").asText())
				.startsWith("Observation?patient={{context.patientId}}&code=http://loinc.org|");
			assertThat(service.path("usageRequirements").asText()).contains("optional");
		}
	}

	@Test
	void usesOnlyPrefetchTokensTheSpecificationDefines() {
		List<String> tokens = new ArrayList<>();
		for (JsonNode service : discovery.get("services")) {
			for (JsonNode template : service.get("prefetch")) {
				Matcher matcher = TOKEN.matcher(template.asText());
				while (matcher.find()) {
					tokens.add(matcher.group(1));
				}
				assertThat(TOKEN.matcher(template.asText()).replaceAll("")).as("template %s", template)
					.doesNotContain("{", "}");
			}
		}
		assertThat(tokens).isNotEmpty().allSatisfy((token) -> assertThat(LEGAL_TOKENS).contains(token));
	}

	@Test
	void leavesOutEveryEmptyField() {
		CdsClient.assertNoNullOrEmptyValues(discovery);
	}

}
