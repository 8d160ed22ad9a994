package org.ldncds.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldncds.fhir.InProcessFhirServer.Credentials;
import org.ldncds.fhir.InProcessFhirServer.ReceivedRequest;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;
import org.ldncds.testing.CdsClient.ShownCard;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * CDS Hooks 2.0 lets the EHR send the first page of a prefetch search with a {@code next}
 * link. Such a page is partial: the service reads the rest on {@code fhirServer} (same
 * origin, the call's token, {@code max-pages}, the budget), or answers 412 naming the
 * key. Here the opioid is on page 2 of a real HAPI FHIR server's search.
 */
@MisbehavingServerTest
class PaginatedPrefetchIT {

	private static final String ORDER_SELECT = "ldn-order-select";

	private static final String MEDICATIONS_SEARCH = "MedicationRequest?patient=example-patient&status=active,on-hold"
			+ "&_include=" + FixtureResourceProviders.INCLUDE_MEDICATION;

	private static final ObjectMapper JSON = new ObjectMapper();

	@RegisterExtension
	final InProcessFhirServer fhir = new InProcessFhirServer().pageSize(1);

	@LocalServerPort
	int port;

	private CdsClient service;

	@BeforeEach
	void callService() {
		service = new CdsClient(port);
	}

	@Test
	void readsTheRestOfASearchTheEhrSentInPartAndFindsTheOpioidOnPage2() {
		ObjectNode firstPage = firstPageFromTheEhr();
		assertThat(firstPage.toString()).doesNotContainIgnoringCase("oxycodone");
		assertThat(firstPage.path("link").toString()).contains("\"next\"");
		int before = fhir.requests().size();

		Answer answer = service.call(ORDER_SELECT, requestWithMedications(firstPage, fhir.baseUrl()));

		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
		assertThat(answer.shownCards()).filteredOn(ShownCard::isCritical)
			.singleElement()
			.extracting(ShownCard::summary, STRING)
			.containsIgnoringCase("oxycodone");
		// Only the page after the one sent, with the token the EHR lent.
		assertThat(fhir.requests().subList(before, fhir.requests().size())).singleElement().satisfies((paging) -> {
			assertThat(paging.query()).contains("_getpages");
			assertThat(paging.credentials()).isEqualTo(Credentials.EXPECTED_TOKEN);
		});
	}

	@Test
	void answers412WhenThereIsNoFhirServerToReadTheRestFrom() {
		ObjectNode body = (ObjectNode) readJson(requestWithMedications(firstPageFromTheEhr(), fhir.baseUrl()));
		body.remove("fhirServer");
		body.remove("fhirAuthorization");

		Answer answer = service.call(ORDER_SELECT, body.toString());

		assertUnavailable(answer,
				"medications (its searchset has more pages (a next link), and the request has no fhirServer");
	}

	@Test
	void answers412RatherThanFollowANextLinkOffTheFhirServersOrigin() {
		ObjectNode firstPage = firstPageFromTheEhr();
		for (JsonNode link : firstPage.path("link")) {
			if ("next".equals(link.path("relation").asText())) {
				((ObjectNode) link).put("url", link.path("url").asText().replace("//localhost:", "//127.0.0.1:"));
			}
		}
		assertThat(firstPage.path("link").toString()).contains("127.0.0.1");
		int before = fhir.requests().size();

		Answer answer = service.call(ORDER_SELECT, requestWithMedications(firstPage, fhir.baseUrl()));

		assertUnavailable(answer, "not an absolute URL on fhirServer's origin");
		assertThat(fhir.requests()).hasSize(before);
	}

	@Test
	void answers412WhenTheNextPageFails() {
		ObjectNode firstPage = firstPageFromTheEhr();
		fhir.failWith(500);

		Answer answer = service.call(ORDER_SELECT, requestWithMedications(firstPage, fhir.baseUrl()));

		assertUnavailable(answer, "medications (its searchset has more pages (a next link), but the FHIR server "
				+ "answered 500 with an OperationOutcome (issue exception))");
	}

	@Test
	void answers412WhenTheNextPageDoesNotComeWithinTheBudget() {
		ObjectNode firstPage = firstPageFromTheEhr();
		fhir.answerAfter(Duration.ofSeconds(30));

		Answer answer = service.call(ORDER_SELECT, requestWithMedications(firstPage, fhir.baseUrl()));

		assertUnavailable(answer, "did not answer within the call's budget");
	}

	@Test
	void answers412WhenTheSearchHasMorePagesThanMayBeRead() {
		try (MisbehavingFhirServer endless = MisbehavingFhirServer.behaving(MisbehavingFhirServer.endlessPages())) {
			ObjectNode firstPage = (ObjectNode) readJson("""
					{"resourceType": "Bundle", "type": "searchset", "entry": [],
					 "link": [{"relation": "next", "url": "%s/MedicationRequest?page=2"}]}"""
				.formatted(endless.baseUrl()));

			Answer answer = service.call(ORDER_SELECT, requestWithMedications(firstPage, endless.baseUrl()));

			assertUnavailable(answer, "the search has more than 5 pages");
			// The page sent counts: four more were read.
			assertThat(endless.requests()).hasSize(4).allMatch(MisbehavingFhirServer.Received::carriedToken);
		}
	}

	/**
	 * Page 1 of the medications search, as the EHR would have read it from its server.
	 */
	private ObjectNode firstPageFromTheEhr() {
		Answer page = new CdsClient(fhir.baseUrl()).get("/" + MEDICATIONS_SEARCH, InProcessFhirServer.ACCESS_TOKEN,
				"Accept", "application/fhir+json");
		assertThat(page.status()).isEqualTo(200);
		return (ObjectNode) readJson(page.body());
	}

	private static String requestWithMedications(JsonNode medications, URI fhirServer) {
		ObjectNode body = (ObjectNode) readJson(CdsClient.fixture("order-select-ldn-without-medications-prefetch.json")
			.replace(CdsClient.FHIR_SERVER_PLACEHOLDER, fhirServer.toString()));
		((ObjectNode) body.path("prefetch")).set("medications", medications);
		return body.toString();
	}

	private static JsonNode readJson(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void assertUnavailable(Answer answer, String detail) {
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(412);
		assertThat(answer.error()).isEqualTo("prefetch_unavailable");
		assertThat(answer.missingPrefetch()).containsExactly("medications");
		assertThat(answer.detail()).contains(detail);
	}

}
