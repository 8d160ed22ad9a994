package org.ldncds.fhir;

import java.net.URI;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldncds.fhir.InProcessFhirServer.Credentials;
import org.ldncds.fhir.MisbehavingFhirServer.Received;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;
import org.ldncds.testing.CdsClient.ShownCard;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * SSRF by redirect: a FHIR server the call may name answers with a redirect. The service
 * follows a redirect on the same origin only, a few times at most, and the EHR's token
 * never reaches any other server. Real servers on both ends; with authentication off,
 * every origin would be allowed: the origin rule alone stops the redirect.
 */
@MisbehavingServerTest
class FhirRedirectIT {

	private static final String ORDER_SELECT = "ldn-order-select";

	private static final String WITHOUT_MEDICATIONS = "order-select-ldn-without-medications-prefetch.json";

	/** The second server, where a hostile redirect points. */
	@RegisterExtension
	final InProcessFhirServer elsewhere = new InProcessFhirServer().openAccess();

	@LocalServerPort
	int port;

	private CdsClient service;

	@BeforeEach
	void callService() {
		service = new CdsClient(port);
	}

	@Test
	void neverFollowsARedirectToAnotherOriginAndNeverSendsTheTokenThere() {
		try (MisbehavingFhirServer redirecting = MisbehavingFhirServer
			.behaving(MisbehavingFhirServer.redirectTo(elsewhere.baseUrl()))) {

			Answer answer = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, redirecting.baseUrl()));

			assertPrefetchUnavailable(answer, "medications");
			assertThat(answer.detail()).contains("medications (the FHIR server redirected to another origin");
			assertThat(elsewhere.requests()).isEmpty();
			assertThat(redirecting.requests()).singleElement().satisfies((request) -> {
				assertThat(request.path()).startsWith("/fhir/MedicationRequest?");
				assertThat(request.carriedToken()).isTrue();
			});
		}
	}

	@Test
	void refusesARedirectWhoseUserInfoSpellsTheCallersOrigin() {
		try (MisbehavingFhirServer redirecting = MisbehavingFhirServer.behaving(null)) {
			URI disguised = URI.create("http://127.0.0.1:" + redirecting.baseUrl().getPort() + "@localhost:"
					+ elsewhere.baseUrl().getPort() + "/fhir");
			redirecting.behave(MisbehavingFhirServer.redirectTo(disguised));

			Answer answer = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, redirecting.baseUrl()));

			assertPrefetchUnavailable(answer, "medications");
			assertThat(answer.detail()).contains("redirected to another origin");
			assertThat(elsewhere.requests()).isEmpty();
		}
	}

	@Test
	void followsARedirectWithinTheSameOriginWithTheToken() {
		try (InProcessFhirServer fhir = new InProcessFhirServer().start();
				MisbehavingFhirServer moved = MisbehavingFhirServer
					.behaving(MisbehavingFhirServer.redirectWithinOriginThenProxyTo(fhir))) {

			Answer answer = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, moved.baseUrl()));

			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.shownCards()).filteredOn(ShownCard::isCritical)
				.singleElement()
				.extracting(ShownCard::summary, STRING)
				.containsIgnoringCase("oxycodone");
			assertThat(moved.requests()).extracting(Received::path)
				.satisfiesExactly((first) -> assertThat(first).startsWith("/fhir/MedicationRequest?"),
						(second) -> assertThat(second).startsWith("/moved/fhir/MedicationRequest?"));
			assertThat(moved.requests()).allMatch(Received::carriedToken);
			assertThat(fhir.requests()).extracting(InProcessFhirServer.ReceivedRequest::credentials)
				.containsExactly(Credentials.EXPECTED_TOKEN);
		}
	}

	@Test
	void stopsFollowingRedirectsAfterTheLimit() {
		try (MisbehavingFhirServer loop = MisbehavingFhirServer.behaving(MisbehavingFhirServer.redirectToItself())) {

			Answer answer = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, loop.baseUrl()));

			assertPrefetchUnavailable(answer, "medications");
			assertThat(answer.detail()).contains("redirected more than 3 times");
			// The first request and three redirects.
			assertThat(loop.requests()).hasSize(4);
		}
	}

	private static void assertPrefetchUnavailable(Answer answer, String key) {
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(412);
		assertThat(answer.error()).isEqualTo("prefetch_unavailable");
		assertThat(answer.missingPrefetch()).containsExactly(key);
	}

}
