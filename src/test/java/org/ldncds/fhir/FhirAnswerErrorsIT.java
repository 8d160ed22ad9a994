package org.ldncds.fhir;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.db.Eventually;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * A FHIR server that answers, but not with the data: the 412 says what happened, never
 * "could not be reached", and never repeats the server's own text (it may hold patient
 * data). Answers past the size limit are cut off while they arrive.
 */
@MisbehavingServerTest
class FhirAnswerErrorsIT {

	private static final String ORDER_SELECT = "ldn-order-select";

	private static final String WITHOUT_MEDICATIONS = "order-select-ldn-without-medications-prefetch.json";

	private static final String FHIR_JSON = "application/fhir+json";

	private static final String OUTCOME = """
			{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "%s",
			 "diagnostics": "No data for Jane Roe, born 1970-01-01"}]}""";

	@LocalServerPort
	int port;

	private CdsClient service;

	@BeforeEach
	void callService() {
		service = new CdsClient(port);
	}

	@Test
	void saysTheAnswerIsNotFhirJson() {
		Answer answer = callWithServerAnswering(
				MisbehavingFhirServer.answer(200, FHIR_JSON, "{\"resourceType\": \"Bundle\", \"entry\": ["));

		assertUnavailable(answer, "medications (the FHIR server's answer is not valid FHIR JSON)");
	}

	@Test
	void saysTheServerAnsweredAnOperationOutcomeInsteadOfTheData() {
		Answer answer = callWithServerAnswering(
				MisbehavingFhirServer.answer(200, FHIR_JSON, OUTCOME.formatted("processing")));

		assertUnavailable(answer,
				"medications (the FHIR server answered with an OperationOutcome (issue processing) instead of the data)");
	}

	@Test
	void namesTheStatusAndTheOutcomesIssueButNotItsText() {
		Answer answer = callWithServerAnswering(
				MisbehavingFhirServer.answer(404, FHIR_JSON, OUTCOME.formatted("not-found")));

		assertUnavailable(answer,
				"medications (the FHIR server answered 404 with an OperationOutcome (issue not-found))");
	}

	@Test
	void saysTheAnswerIsTooLargeWhenItsLengthIsAnnounced() {
		String large = "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"id\": \"" + "x".repeat(70_000)
				+ "\"}";

		Answer answer = callWithServerAnswering(MisbehavingFhirServer.answer(200, FHIR_JSON, large));

		assertUnavailable(answer, "medications (the FHIR server's answer is larger than 65536 bytes)");
	}

	@Test
	void cutsOffAChunkedAnswerPastTheLimitWithoutReadingTheRest() throws Exception {
		try (MisbehavingFhirServer server = MisbehavingFhirServer
			.behaving(MisbehavingFhirServer.chunkedAnswerOf(50_000_000))) {

			Answer answer = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, server.baseUrl()));

			assertUnavailable(answer, "medications (the FHIR server's answer is larger than 65536 bytes)");
			// The service closed the connection: the server could not write its 50 MB.
			Eventually.within(Duration.ofSeconds(5), () -> assertThat(server.abandoned()).isEqualTo(1));
		}
	}

	@Test
	void saysWhichKeyGotTheWrongResourceType() {
		try (MisbehavingFhirServer server = MisbehavingFhirServer.behaving(MisbehavingFhirServer.answer(200, FHIR_JSON,
				"{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"entry\": []}"))) {

			Answer answer = service.call(ORDER_SELECT,
					fixture("order-select-ldn-without-prefetch.json", server.baseUrl()));

			assertThat(answer.status()).isEqualTo(412);
			assertThat(answer.missingPrefetch()).containsExactly("patient");
			assertThat(answer.detail())
				.contains("patient (the FHIR server answered a Bundle where a Patient was expected)");
		}
	}

	private Answer callWithServerAnswering(MisbehavingFhirServer.Behaviour behaviour) {
		try (MisbehavingFhirServer server = MisbehavingFhirServer.behaving(behaviour)) {
			return service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, server.baseUrl()));
		}
	}

	private static void assertUnavailable(Answer answer, String detail) {
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(412);
		assertThat(answer.error()).isEqualTo("prefetch_unavailable");
		assertThat(answer.missingPrefetch()).containsExactly("medications");
		assertThat(answer.detail()).contains(detail)
			.doesNotContain("could not be reached")
			.doesNotContain("Jane")
			.doesNotContain("1970");
	}

}
