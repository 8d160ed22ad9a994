package org.ldncds.fhir;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldncds.fhir.InProcessFhirServer.Credentials;
import org.ldncds.fhir.InProcessFhirServer.ReceivedRequest;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;
import org.ldncds.testing.CdsClient.ShownCard;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * The missing-prefetch path against a real FHIR server: keys the EHR did not send are
 * fetched from an in-process HAPI FHIR server with the EHR's token, and the call is
 * answered 412 naming the keys when they cannot be.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ldn.fhir.connect-timeout=300ms",
		"ldn.fhir.read-timeout=500ms", "ldn.fhir.total-budget=1000ms" })
class PrefetchFromFhirServerIT {

	private static final String ORDER_SELECT = "ldn-order-select";

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
	void fetchesMissingMedicationsFromFhirServerAndReturnsCriticalOpioidCard() {
		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-without-medications-prefetch.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertOneCriticalCardMentioningOxycodone(answer);
		assertThat(fhir.requests()).singleElement().satisfies((request) -> {
			assertThat(request.resourceType()).isEqualTo("MedicationRequest");
			assertThat(request.query()).contains("patient=example-patient", "status=active,on-hold",
					"_include=MedicationRequest:medication");
			assertThat(request.credentials()).isEqualTo(Credentials.EXPECTED_TOKEN);
		});
	}

	@Test
	void fetchesEveryKeyWhenPrefetchIsAbsent() {
		Answer answer = service.call(ORDER_SELECT, fixture("order-select-ldn-without-prefetch.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertOneCriticalCardMentioningOxycodone(answer);
		// The current keys, and the optional history keys of the order services.
		assertThat(fhir.requests()).extracting(ReceivedRequest::path)
			.containsExactlyInAnyOrder("Patient/example-patient", "MedicationRequest", "Condition", "MedicationRequest",
					"MedicationStatement", "MedicationDispense", "Observation", "Condition");
		assertThat(fhir.requestsFor("Condition")).extracting(ReceivedRequest::query)
			.anySatisfy((query) -> assertThat(query).contains("patient=example-patient",
					"clinical-status=active,recurrence,relapse"))
			.anySatisfy(
					(query) -> assertThat(query).contains("patient=example-patient", "category=encounter-diagnosis"));
		assertThat(fhir.requests()).extracting(ReceivedRequest::credentials).containsOnly(Credentials.EXPECTED_TOKEN);
	}

	@Test
	void treatsOperationOutcomePrefetchAsMissingAndFetchesIt() {
		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-with-operation-outcome-medications-prefetch.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertOneCriticalCardMentioningOxycodone(answer);
		assertThat(fhir.requests()).extracting(ReceivedRequest::resourceType).containsExactly("MedicationRequest");
	}

	@Test
	void doesNotFetchKeysSentAsNull() {
		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-with-null-medications-prefetch.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.shownCards()).extracting(ShownCard::summary)
			.noneMatch((summary) -> summary.contains("oxycodone"));
		assertThat(fhir.requests()).extracting(ReceivedRequest::resourceType)
			.containsExactlyInAnyOrder("Patient", "Condition");
	}

	@Test
	void worksWithoutFhirAuthorizationAgainstAnOpenServer() {
		fhir.openAccess();

		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-without-fhir-authorization.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertOneCriticalCardMentioningOxycodone(answer);
		assertThat(fhir.requests()).extracting(ReceivedRequest::credentials).containsExactly(Credentials.NONE);
	}

	@Test
	void answers412NamingKeyWhenServerRejectsToken() {
		fhir.requireToken("a-token-the-ehr-did-not-lend");

		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-without-medications-prefetch.json", fhir.baseUrl()));

		assertPrefetchUnavailable(answer, "medications");
		assertThat(answer.detail()).contains("answered 401");
		assertThat(fhir.requests()).extracting(ReceivedRequest::credentials).containsExactly(Credentials.OTHER);
	}

	@Test
	void answers412WhenServerFails() {
		fhir.failWith(500);

		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-without-medications-prefetch.json", fhir.baseUrl()));

		assertPrefetchUnavailable(answer, "medications");
		assertThat(answer.detail()).contains("answered 500");
	}

	@Test
	void answers412WhenServerIsUnreachable() {
		URI nothingListens = InProcessFhirServer.unreachableBaseUrl();

		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-without-medications-prefetch.json", nothingListens));

		assertPrefetchUnavailable(answer, "medications");
		assertThat(answer.detail()).contains("could not be reached");
	}

	@Test
	void answers412WithinBudgetWhenServerIsSlow() {
		fhir.answerAfter(Duration.ofSeconds(30));

		long start = System.nanoTime();
		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-without-medications-prefetch.json", fhir.baseUrl()));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertPrefetchUnavailable(answer, "medications");
		assertThat(answer.detail()).containsAnyOf("timed out", "did not answer within");
		// Not a timing test: a generous bound that only proves the call does not hang.
		assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void answers412WhenNoFhirServerAndKeysMissing() {
		Answer answer = service.call(ORDER_SELECT, fixture("order-select-ldn-without-fhir-server.json"));

		assertPrefetchUnavailable(answer, "medications");
		assertThat(answer.detail()).contains("no fhirServer");
		assertThat(fhir.requests()).isEmpty();
	}

	@Test
	void followsNextLinksOnTheSameServer() {
		fhir.pageSize(1);

		Answer answer = service.call(ORDER_SELECT,
				fixture("order-select-ldn-without-medications-prefetch.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		// The opioid is on the second page.
		assertOneCriticalCardMentioningOxycodone(answer);
		assertThat(fhir.requests()).hasSize(2)
			.extracting(ReceivedRequest::credentials)
			.containsOnly(Credentials.EXPECTED_TOKEN);
	}

	@Test
	void answers412RatherThanFollowANextLinkToAnotherServer() {
		try (InProcessFhirServer otherServer = new InProcessFhirServer().openAccess().start()) {
			URI otherHost = URI.create(otherServer.baseUrl().toString().replace("//localhost:", "//127.0.0.1:"));
			fhir.pageSize(1).pointNextLinksTo(otherHost);

			Answer answer = service.call(ORDER_SELECT,
					fixture("order-select-ldn-without-medications-prefetch.json", fhir.baseUrl()));

			// The first page alone would look complete;
			// the opioid is on the page not followed.
			assertPrefetchUnavailable(answer, "medications");
			assertThat(answer.detail()).contains("another server");
			assertThat(fhir.requests()).extracting(ReceivedRequest::resourceType).containsExactly("MedicationRequest");
			assertThat(otherServer.requests()).isEmpty();
		}
	}

	private static void assertOneCriticalCardMentioningOxycodone(Answer answer) {
		assertThat(answer.shownCards()).filteredOn(ShownCard::isCritical)
			.singleElement()
			.extracting(ShownCard::summary, STRING)
			.containsIgnoringCase("oxycodone");
	}

	private static void assertPrefetchUnavailable(Answer answer, String key) {
		assertThat(answer.status()).isEqualTo(412);
		assertThat(answer.error()).isEqualTo("prefetch_unavailable");
		assertThat(answer.missingPrefetch()).contains(key);
	}

}
