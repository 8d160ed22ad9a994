package org.ldncds.fhir;

import java.net.URI;
import java.time.Duration;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;
import org.ldncds.testing.CdsClient.ShownCard;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * The missing-prefetch path against the HAPI FHIR JPA server, the reference server many
 * EHR sandboxes run: the prefetch queries must be ones a real server understands. Runs
 * where Docker is available and is skipped elsewhere. The timeouts are generous: a fresh
 * JPA server answers its first searches slowly, and speed is not what is tested here.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.fhir.connect-timeout=5s", "ldn.fhir.read-timeout=20s", "ldn.fhir.total-budget=30s" })
class PrefetchFromHapiContainerIT {

	/** The HAPI FHIR server image, pinned: change the version here only. */
	static final String HAPI_IMAGE = "hapiproject/hapi:v8.8.0-1";

	private static final int HAPI_PORT = 8080;

	private static final String ORDER_SELECT = "ldn-order-select";

	@Container
	static final GenericContainer<?> hapi = new GenericContainer<>(DockerImageName.parse(HAPI_IMAGE))
		.withExposedPorts(HAPI_PORT)
		.waitingFor(Wait.forHttp("/fhir/metadata")
			.forPort(HAPI_PORT)
			.forStatusCode(200)
			.withStartupTimeout(Duration.ofMinutes(5)));

	@LocalServerPort
	int port;

	@BeforeAll
	static void uploadFixtureResources() {
		IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(hapiBaseUrl().toString());
		// Update with client-assigned ids, so that references between them hold.
		InProcessFhirServer.fixtureResources().forEach((resource) -> client.update().resource(resource).execute());
	}

	@Test
	void fetchesMissingMedicationsFromHapiServerAndReturnsCriticalOpioidCard() {
		Answer answer = new CdsClient(port).call(ORDER_SELECT,
				fixture("order-select-ldn-without-fhir-authorization.json", hapiBaseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertOneCriticalCardMentioningOxycodone(answer);
	}

	@Test
	void fetchesEveryKeyFromHapiServerWhenPrefetchIsAbsent() {
		// The token is lent as an EHR would; the server, open, ignores it.
		Answer answer = new CdsClient(port).call(ORDER_SELECT,
				fixture("order-select-ldn-without-prefetch.json", hapiBaseUrl()));

		assertThat(answer.status()).isEqualTo(200);
		assertOneCriticalCardMentioningOxycodone(answer);
	}

	private static URI hapiBaseUrl() {
		return URI.create("http://" + hapi.getHost() + ":" + hapi.getMappedPort(HAPI_PORT) + "/fhir");
	}

	private static void assertOneCriticalCardMentioningOxycodone(Answer answer) {
		assertThat(answer.shownCards()).filteredOn(ShownCard::isCritical)
			.singleElement()
			.extracting(ShownCard::summary, STRING)
			.containsIgnoringCase("oxycodone");
	}

}
