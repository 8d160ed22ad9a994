package org.ldncds.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.fhir.InProcessFhirServer.Credentials;
import org.ldncds.fhir.InProcessFhirServer.ReceivedRequest;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;
import org.ldncds.testing.CdsClient.ShownCard;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An EHR that sends only the three current prefetch keys (patient, current orders,
 * current conditions) and a fhirServer: the history keys are fetched from a real FHIR
 * server, and what they hold reaches the cards. The server's records for
 * {@code history-patient}: a tramadol order stopped 3 days ago, a hydrocodone dispense
 * whose supply ran out 2 days ago, a positive urine opiate screen of 5 days ago, a
 * pregnancy status "Pregnant" of 3 weeks ago and a lactation encounter diagnosis without
 * a clinical status. Today is 2026-11-21.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.fhir.connect-timeout=300ms", "ldn.fhir.read-timeout=1000ms", "ldn.fhir.total-budget=3s" })
class OpioidHistoryFromFhirServerIT {

	private static final String REQUEST = "order-select-ldn-history-keys-not-sent.json";

	private static final ObjectMapper JSON = new ObjectMapper();

	@RegisterExtension
	final InProcessFhirServer fhir = new InProcessFhirServer();

	@LocalServerPort
	int port;

	private CdsClient service;

	@BeforeEach
	void callService() {
		service = new CdsClient(port);
	}

	@Test
	void fetchesTheHistoryKeysTheEhrDidNotSendAndCardsSayWhichRecordsShowIt() {
		Answer answer = service.call("ldn-order-select", CdsClient.fixture(REQUEST, fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(fhir.requests()).extracting(ReceivedRequest::credentials).containsOnly(Credentials.EXPECTED_TOKEN);
		assertThat(fhir.requests()).extracting(ReceivedRequest::path)
			.containsExactlyInAnyOrder("MedicationRequest", "MedicationStatement", "MedicationDispense", "Observation",
					"Condition");
		assertThat(queryOf("MedicationRequest")).contains("patient=history-patient", "status=completed,stopped");
		assertThat(queryOf("Condition")).contains("category=encounter-diagnosis");
		assertThat(queryOf("Observation")).contains("patient=history-patient", "http://loinc.org|19295-5",
				"http://loinc.org|82810-3", "http://loinc.org|63895-7");

		// One critical card for the one concern (is the patient opioid-free?), naming
		// every record that shows opioid use; the pregnancy warning. The lactation card
		// is information (LactMed: minimal transfer into milk), and information is
		// withheld beside a critical card (scenarios show it read from the fetched
		// encounter diagnosis when nothing is critical).
		assertThat(answer.shownCards()).extracting(ShownCard::indicator)
			.containsExactlyInAnyOrder("critical", "warning");
		assertThat(detailOf(answer, "critical")).contains("MedicationRequest/history-tramadol-stopped",
				"MedicationDispense/history-hydrocodone-dispense", "Observation/history-opiate-screen");
		assertThat(answer.shownCards()).extracting(ShownCard::summary)
			.anyMatch((summary) -> summary.startsWith("Naltrexone with recent opioid use (acetaminophen"))
			.anyMatch((summary) -> summary.contains("in pregnancy"))
			.noneMatch((summary) -> summary.contains("while breastfeeding"));
		assertThat(detailOf(answer, "warning")).contains("Observation/history-pregnancy-status");
	}

	@Test
	void aServerThatKnowsNoneOfTheHistoryAnswersTheCallFromTheCurrentKeys() {
		fhir.failWith(404);

		Answer answer = service.call("ldn-order-select", CdsClient.fixture(REQUEST, fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(fhir.requests()).hasSize(5);
		// Only the LDN information cards: nothing the history would have shown.
		assertThat(answer.shownCards()).isNotEmpty().extracting(ShownCard::indicator).containsOnly("info");
	}

	@Test
	void withoutAFhirServerTheCallIsAnsweredFromWhatWasSent() throws Exception {
		ObjectNode body = (ObjectNode) JSON.readTree(CdsClient.fixture(REQUEST, fhir.baseUrl()));
		body.remove(List.of("fhirServer", "fhirAuthorization"));

		Answer answer = service.call("ldn-order-select", body.toString());

		assertThat(answer.status()).isEqualTo(200);
		assertThat(fhir.requests()).isEmpty();
		assertThat(answer.shownCards()).isNotEmpty().extracting(ShownCard::indicator).containsOnly("info");
	}

	private String queryOf(String resourceType) {
		return fhir.requestsFor(resourceType).get(0).query();
	}

	private static String detailOf(Answer answer, String indicator) {
		List<String> details = detailsOf(answer, indicator);
		assertThat(details).hasSize(1);
		return details.get(0);
	}

	private static List<String> detailsOf(Answer answer, String indicator) {
		List<String> details = new ArrayList<>();
		for (JsonNode card : answer.json().path("cards")) {
			if (indicator.equals(card.path("indicator").asText())) {
				details.add(card.path("detail").asText());
			}
		}
		return details;
	}

	@TestConfiguration
	static class FixedDay {

		@Bean
		@Primary
		Clock today() {
			return KnowledgeFixtures.TODAY;
		}

	}

}
