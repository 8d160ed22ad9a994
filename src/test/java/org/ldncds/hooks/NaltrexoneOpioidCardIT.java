package org.ldncds.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * The critical naltrexone-opioid card over HTTP: a complete CDS Hooks card when
 * naltrexone meets an opioid in either direction, exactly one per decision, and
 * {@code {"cards": []}} when the orders under review do not meet one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NaltrexoneOpioidCardIT {

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		this.http = new CdsClient(port);
	}

	@Test
	void answersThePublishedExampleWithOneCompleteCriticalCard() {
		String example = CdsClient.projectFile("examples/order-select-ldn-with-oxycodone.json");
		JsonNode card = criticalCard(http.call("ldn-order-select", example));
		assertThat(card.get("summary").asText()).containsIgnoringCase("oxycodone");
		assertThat(card.get("detail").asText()).contains("**").containsIgnoringCase("oxycodone");
		assertSuggestsDeleting(card, "MedicationRequest/ldn-draft");
	}

	@Test
	void warnsAgainstAnOpioidOrderedForAPatientOnNaltrexone() {
		JsonNode card = criticalCard(select("order-select-oxycodone-for-patient-on-naltrexone.json"));
		assertThat(card.get("summary").asText()).containsIgnoringCase("oxycodone");
		assertThat(card.get("detail").asText()).contains("Naltrexone 4.5 mg capsule");
		assertSuggestsDeleting(card, "MedicationRequest/oxycodone-draft");
	}

	@Test
	void countsAnOpioidDraftOfTheSameSessionAgainstTheSelectedNaltrexone() {
		JsonNode card = criticalCard(select("order-select-ldn-with-pending-oxycodone-draft.json"));
		assertThat(card.get("summary").asText()).containsIgnoringCase("oxycodone");
		assertSuggestsDeleting(card, "MedicationRequest/ldn-draft");
	}

	@Test
	void judgesOnlyTheSelectedOrderAtOrderSelect() {
		// Nothing applies to the selected order: the
		// answer is exactly an empty cards array.
		assertThat(select("order-select-ibuprofen-beside-unselected-ldn-and-oxycodone.json").json())
			.isEqualTo(CdsClient.parse("""
					{"cards": []}"""));
	}

	@Test
	void makesOneCardWhenNaltrexoneAndAnOpioidAreSignedTogether() {
		JsonNode card = criticalCard(http.call("ldn-order-sign", fixture("order-sign-ldn-and-oxycodone-drafts.json")));
		assertSuggestsDeleting(card, "MedicationRequest/ldn-draft");
	}

	@Test
	void answersWithoutACriticalCardWhenThePatientTakesNoOpioid() {
		assertNoCriticalCard(select("order-select-ldn-without-opioid.json"));
	}

	@Test
	void doesNotMistakeNaloxoneForAnOpioid() {
		assertNoCriticalCard(select("order-select-ldn-with-naloxone-on-record.json"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "order-select-ldn-with-methadone-text-on-record.json",
			"order-select-ldn-with-methadone-code-on-record.json" })
	void warnsAgainstNaltrexoneForAPatientOnMethadone(String fixture) {
		JsonNode card = criticalCard(select(fixture));
		assertSuggestsDeleting(card, "MedicationRequest/ldn-draft");
	}

	@Test
	void ignoresOpioidOrdersThatAreStoppedOrCompleted() {
		assertNoCriticalCard(select("order-select-ldn-with-stopped-and-completed-oxycodone.json"));
	}

	@Test
	void recognisesNaltrexoneNamedByAContainedMedication() {
		JsonNode card = criticalCard(select("order-select-ldn-as-contained-medication-with-oxycodone.json"));
		assertThat(card.get("summary").asText()).containsIgnoringCase("oxycodone");
		assertSuggestsDeleting(card, "MedicationRequest/ldn-draft");
	}

	private static void assertNoCriticalCard(CdsClient.Answer answer) {
		assertThat(answer.cards()).as("cards of %s", answer.body())
			.noneSatisfy((card) -> assertThat(card.path("indicator").asText()).isEqualTo("critical"));
	}

	private CdsClient.Answer select(String fixture) {
		return http.call("ldn-order-select", fixture(fixture));
	}

	/**
	 * The one critical card of the answer, shown first and complete as CDS Hooks 2.0
	 * requires. Information cards of other rules (dose, suitability) may follow it.
	 */
	private static JsonNode criticalCard(CdsClient.Answer answer) {
		JsonNode cards = answer.cards();
		List<JsonNode> critical = new ArrayList<>();
		cards.forEach((candidate) -> {
			if ("critical".equals(candidate.path("indicator").asText())) {
				critical.add(candidate);
			}
		});
		assertThat(critical).as("critical cards of %s", answer.body()).hasSize(1);
		JsonNode card = critical.get(0);
		assertThat(cards.get(0)).as("the most severe card comes first").isEqualTo(card);
		assertThat(UUID.fromString(card.get("uuid").asText())).isNotNull();
		assertThat(card.get("summary").asText()).isNotBlank().hasSizeLessThan(140);
		assertThat(card.get("detail").asText()).isNotBlank();
		assertThat(card.at("/source/label").asText()).isNotBlank();
		assertThat(card.at("/source/url").asText()).startsWith("https://");
		assertThat(card.get("selectionBehavior").asText()).isEqualTo("at-most-one");
		assertThat(card.get("suggestions")).isNotEmpty().allSatisfy((suggestion) -> {
			assertThat(UUID.fromString(suggestion.get("uuid").asText())).isNotNull();
			assertThat(suggestion.get("label").asText()).isNotBlank();
			assertThat(suggestion.get("actions")).isNotEmpty()
				.allSatisfy((action) -> assertThat(action.get("type").asText()).isIn("create", "update", "delete"));
		});
		assertThat(card.get("overrideReasons")).isNotEmpty().allSatisfy((reason) -> {
			assertThat(reason.get("system").asText()).isNotBlank();
			assertThat(reason.get("code").asText()).isNotBlank();
			assertThat(reason.get("display").asText()).isNotBlank();
		});
		return card;
	}

	private static void assertSuggestsDeleting(JsonNode card, String resourceId) {
		assertThat(card.get("suggestions")).hasSize(1);
		assertThat(card.at("/suggestions/0/actions")).hasSize(1);
		JsonNode action = card.at("/suggestions/0/actions/0");
		assertThat(action.get("type").asText()).isEqualTo("delete");
		assertThat(action.get("resourceId").asText()).isEqualTo(resourceId);
	}

}
