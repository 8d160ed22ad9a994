package org.ldncds.ldn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Information cards read at order-select are not repeated when the same patient's order
 * is signed (the default, {@code ldn.cards.info-at-order-sign=UNLESS_SHOWN_AT_SELECT}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class InformationCardsAtSigningIT {

	/** A first LDN order at 5 mg for fibromyalgia: two information cards at select. */
	private static final String SCENARIO = "src/test/resources/scenarios/dose/5-mg-is-still-low-dose.json";

	@LocalServerPort
	int port;

	@Test
	void theInformationCardsShownAtSelectAreNotRepeatedAtSign() {
		CdsClient http = new CdsClient(port);
		ObjectNode select = (ObjectNode) CdsClient.parse(CdsClient.projectFile(SCENARIO)).get("request");
		select.put("hookInstance", "info-at-sign-select");

		JsonNode atSelect = http.call("ldn-order-select", select.toString()).cards();
		assertThat(atSelect).hasSize(2)
			.allSatisfy((card) -> assertThat(card.path("indicator").asText()).isEqualTo("info"));

		ObjectNode sign = select.deepCopy().put("hook", "order-sign").put("hookInstance", "info-at-sign-sign");
		((ObjectNode) sign.get("context")).remove("selections");
		assertThat(http.call("ldn-order-sign", sign.toString()).cards()).isEmpty();
	}

	@Test
	void aSignWithNoSelectBeforeItGetsTheInformationCards() {
		CdsClient http = new CdsClient(port);
		ObjectNode scenario = (ObjectNode) CdsClient.parse(CdsClient.projectFile(SCENARIO)).get("request");
		// Another patient: the other test's select must not count for this one.
		String patientId = scenario.path("context").path("patientId").asText();
		ObjectNode sign = (ObjectNode) CdsClient.parse(scenario.toString().replace(patientId, patientId + "-2"));
		sign.put("hook", "order-sign").put("hookInstance", "info-at-sign-only");
		((ObjectNode) sign.get("context")).remove("selections");

		assertThat(http.call("ldn-order-sign", sign.toString()).cards()).hasSize(2);
	}

}
