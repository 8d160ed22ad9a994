package org.ldncds.fhir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldncds.fhir.InProcessFhirServer.Credentials;
import org.ldncds.fhir.InProcessFhirServer.ReceivedRequest;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * {@code fhirAuthorization.access_token: ""}, as the Da Vinci CRD request generator sends
 * it when its FHIR server is open, means "no authorization": the call is answered, and a
 * fetch goes without a token; a server that wants one answers 401, and the call 412.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BlankAccessTokenIT {

	@RegisterExtension
	final InProcessFhirServer fhir = new InProcessFhirServer();

	@LocalServerPort
	int port;

	@Test
	void fetchesWithoutATokenFromAnOpenServer() {
		fhir.openAccess();

		Answer answer = new CdsClient(port).call("ldn-order-select",
				fixture("order-select-ldn-blank-access-token.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.shownCards()).anySatisfy((card) -> {
			assertThat(card.indicator()).isEqualTo("critical");
			assertThat(card.summary()).contains("oxycodone");
		});
		assertThat(fhir.requests()).extracting(ReceivedRequest::credentials).containsExactly(Credentials.NONE);
	}

	@Test
	void answers412WhenTheServerNeedsTheTokenThatIsNotThere() {
		Answer answer = new CdsClient(port).call("ldn-order-select",
				fixture("order-select-ldn-blank-access-token.json", fhir.baseUrl()));

		assertThat(answer.status()).isEqualTo(412);
		assertThat(CdsClient.parse(answer.body()).path("missingPrefetch").toString()).contains("medications");
		assertThat(answer.detail()).contains("answered 401");
	}

}
