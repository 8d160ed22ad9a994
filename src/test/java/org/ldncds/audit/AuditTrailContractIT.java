package org.ldncds.audit;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.db.AuditTables;
import org.ldncds.db.AuditTables.IssuedCard;
import org.ldncds.db.AuditTables.ServiceCall;
import org.ldncds.db.ExampleCall;
import org.ldncds.fhir.InProcessFhirServer;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the audit trail writes to a real database for each kind of answer: 200 with cards,
 * 400, 404, 412 and 415. Run against H2 and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class AuditTrailContractIT {

	private static final String SERVICE = ExampleCall.SERVICE;

	private static final String OPIOID_RULE = "Naltrexone ordered for a patient taking an opioid is critical";

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	private CdsClient http;

	private AuditTables tables;

	@BeforeEach
	void connect() throws InterruptedException {
		this.http = new CdsClient(port);
		this.tables = new AuditTables(jdbc);
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void recordsAnAnsweredCallWithItsRulesPrefetchAndCards() throws Exception {
		ExampleCall call = ExampleCall.example();
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		ExampleCall.Cards cards = call.callOk(http);
		Instant after = Instant.now().plusMillis(1);
		drain();

		ServiceCall row = tables.callWithHookInstance(call.hookInstance()).orElseThrow();
		assertThat(row.calledAt()).isBetween(before, after);
		assertThat(row.serviceId()).isEqualTo(SERVICE);
		assertThat(row.hook()).isEqualTo("order-select");
		assertThat(row.httpStatus()).isEqualTo(200);
		assertThat(row.latencyMs()).isBetween(0, (int) Duration.between(before, after).toMillis());
		assertThat(row.fhirServerHost()).isNull();
		assertThat(row.clientIssuer()).isNull();
		assertThat(row.patientKey()).matches("[0-9a-f]{32}");
		assertThat(row.ruleBaseVersion()).startsWith("2026.11.0+").hasSizeGreaterThan("2026.11.0+".length());
		assertThat(row.firedRules().split("\n")).contains(OPIOID_RULE);
		assertThat(row.prefetchSupplied()).isEqualTo("conditions\nmedications\npatient");
		assertThat(row.prefetchFetched()).isNull();
		assertThat(row.prefetchMissing()).isNull();

		Map<String, IssuedCard> recorded = tables.cardsOf(row.callId());
		assertThat(recorded.keySet()).containsExactlyInAnyOrderElementsOf(cards.uuids());
		for (JsonNode card : cards.cards()) {
			IssuedCard issued = recorded.get(card.get("uuid").asText());
			assertThat(issued.serviceId()).isEqualTo(SERVICE);
			assertThat(issued.indicator()).isEqualTo(card.get("indicator").asText());
			assertThat(issued.ruleName()).isNotBlank();
			assertThat(row.firedRules().split("\n")).contains(issued.ruleName());
			assertThat(issued.suggestionUuids()).isEqualTo(joined(card.path("suggestions"), "uuid"));
			assertThat(issued.overrideReasons()).isEqualTo(reasons(card.path("overrideReasons")));
		}
		assertThat(recorded.get(cards.critical().get("uuid").asText()).ruleName()).isEqualTo(OPIOID_RULE);
		// The record is compact: no card text.
		List<String> summaries = new ArrayList<>();
		cards.cards().forEach((card) -> summaries.add(card.get("summary").asText()));
		assertThat(tables.allValues()).extracting(Map.Entry::getValue).doesNotContainAnyElementsOf(summaries);
	}

	@Test
	void recordsACallRefusedWith400() throws Exception {
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		ExampleCall.example().without("hookInstance").call(http).assertRefused(400, "invalid_request", "hookInstance");
		ServiceCall row = onlyCallSince(before);

		assertThat(row.httpStatus()).isEqualTo(400);
		assertThat(row.serviceId()).isEqualTo(SERVICE);
		// The request could not be read, so nothing of it is known.
		assertThat(row.hook()).isNull();
		assertThat(row.hookInstance()).isNull();
		assertThat(row.patientKey()).isNull();
		assertThat(row.firedRules()).isNull();
		assertThat(row.ruleBaseVersion()).isNull();
		assertThat(tables.cardsOf(row.callId())).isEmpty();
	}

	@Test
	void recordsACallToAnUnknownServiceWith404() throws Exception {
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		http.call("no-such-service", ExampleCall.example().json()).assertRefused(404, "unknown_service");
		ServiceCall row = onlyCallSince(before);

		assertThat(row.httpStatus()).isEqualTo(404);
		assertThat(row.serviceId()).isEqualTo("no-such-service");
		assertThat(row.hook()).isNull();
		assertThat(row.patientKey()).isNull();
	}

	@Test
	void recordsACallRefusedWith415() throws Exception {
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		http.post("/cds-services/" + SERVICE, BodyPublishers.ofString(ExampleCall.example().json()), "Content-Type",
				"text/plain")
			.assertRefused(415, "unsupported_media_type");
		ServiceCall row = onlyCallSince(before);

		assertThat(row.httpStatus()).isEqualTo(415);
		assertThat(row.serviceId()).isEqualTo(SERVICE);
	}

	@Test
	void recordsACallAnswered412WithThePrefetchKeysSuppliedAndMissing() throws Exception {
		ExampleCall call = ExampleCall.example().without("prefetch.medications");
		call.call(http).assertRefused(412, "prefetch_unavailable", "medications");
		drain();

		ServiceCall row = tables.callWithHookInstance(call.hookInstance()).orElseThrow();
		assertThat(row.httpStatus()).isEqualTo(412);
		assertThat(row.serviceId()).isEqualTo(SERVICE);
		assertThat(row.hook()).isEqualTo("order-select");
		assertThat(row.patientKey()).matches("[0-9a-f]{32}");
		assertThat(row.prefetchMissing()).isEqualTo("medications");
		assertThat(row.prefetchSupplied()).isEqualTo("conditions\npatient");
		assertThat(row.prefetchFetched()).isNull();
		assertThat(row.firedRules()).isNull();
		assertThat(tables.cardsOf(row.callId())).isEmpty();
	}

	@Test
	void recordsACallAnswered412WhenTheFhirServerCouldNotBeReached() throws Exception {
		ExampleCall call = ExampleCall.example()
			.without("prefetch.medications")
			.with("fhirServer", "\"http://127.0.0.1:1/fhir\"");
		call.call(http).assertRefused(412, "prefetch_unavailable", "medications");
		drain();

		ServiceCall row = tables.callWithHookInstance(call.hookInstance()).orElseThrow();
		assertThat(row.httpStatus()).isEqualTo(412);
		assertThat(row.fhirServerHost()).isEqualTo("127.0.0.1:1");
		assertThat(row.prefetchMissing()).isEqualTo("medications");
		assertThat(row.prefetchSupplied()).isEqualTo("conditions\npatient");
	}

	@Test
	void recordsTheKeysFetchedFromTheFhirServer() throws Exception {
		try (InProcessFhirServer fhir = new InProcessFhirServer().openAccess().start()) {
			ExampleCall call = ExampleCall.example()
				.without("prefetch.medications")
				.with("fhirServer", "\"" + fhir.baseUrl() + "\"");
			assertThat(call.callOk(http).critical()).isNotNull();
			drain();

			ServiceCall row = tables.callWithHookInstance(call.hookInstance()).orElseThrow();
			assertThat(row.httpStatus()).isEqualTo(200);
			assertThat(row.fhirServerHost()).isEqualTo("localhost:" + fhir.baseUrl().getPort());
			// The order service's optional history keys were not sent either: fetched
			// too.
			assertThat(row.prefetchFetched()).isEqualTo("encounterDiagnoses\nmedicationDispenses\nmedicationHistory"
					+ "\nmedicationStatements\nmedications\nobservations");
			assertThat(row.prefetchSupplied()).isEqualTo("conditions\npatient");
			assertThat(row.prefetchMissing()).isNull();
		}
	}

	@Test
	void recordsAKeyTheEhrSaidHasNoDataAsSupplied() throws Exception {
		ExampleCall call = ExampleCall.example().with("prefetch.conditions", "null");
		call.callOk(http);
		drain();

		ServiceCall row = tables.callWithHookInstance(call.hookInstance()).orElseThrow();
		assertThat(row.prefetchSupplied()).isEqualTo("conditions\nmedications\npatient");
		assertThat(row.prefetchMissing()).isNull();
	}

	@Test
	void recordsTheHostOfTheFhirServerOnly() throws Exception {
		ExampleCall call = ExampleCall.example()
			.with("fhirServer", "\"https://fhir.example-hospital.org:8443/r4/tenant-7\"");
		call.callOk(http);
		drain();

		assertThat(tables.callWithHookInstance(call.hookInstance()).orElseThrow().fhirServerHost())
			.isEqualTo("fhir.example-hospital.org:8443");
	}

	@Test
	void recordsACallWhoseHookInstanceIsLongerThanItsColumn() throws Exception {
		// 112 characters: accepted by the parser (at most 128),
		// longer than the column (100).
		String hookInstance = "hook-instance-".repeat(8);
		long dropped = audit.dropped();
		ExampleCall.example().with("hookInstance", "\"" + hookInstance + "\"").callOk(http);
		drain();

		assertThat(audit.dropped()).isEqualTo(dropped);
		assertThat(jdbc.sql("select count(*) from service_call where hook_instance like ?")
			.param("hook-instance-hook-instance-%")
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	void theServicesOwnWarmUpCallsAtStartupAreNotRecorded() throws Exception {
		// Authentication is off in the tests: the warm-up called order-select over HTTP
		// (HttpWarmUp) before the context was ready, each call answered and none
		// recorded.
		drain();
		assertThat(jdbc.sql("select count(*) from service_call where hook_instance = ?")
			.param("ldn-cds-warm-up")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void recordsACallToAServiceIdLongerThanItsColumn() throws Exception {
		String service = "s".repeat(150);
		long dropped = audit.dropped();
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		http.call(service, ExampleCall.example().json()).assertRefused(404, "unknown_service");

		assertThat(onlyCallSince(before).httpStatus()).isEqualTo(404);
		assertThat(audit.dropped()).isEqualTo(dropped);
	}

	private ServiceCall onlyCallSince(Instant before) throws InterruptedException {
		drain();
		List<ServiceCall> calls = tables.callsBetween(before, Instant.now().plusMillis(1));
		assertThat(calls).hasSize(1);
		return calls.get(0);
	}

	private void drain() throws InterruptedException {
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).as("audit written").isTrue();
	}

	private static String joined(JsonNode array, String field) {
		List<String> values = new ArrayList<>();
		array.forEach((item) -> values.add(item.get(field).asText()));
		return values.isEmpty() ? null : String.join("\n", values);
	}

	private static String reasons(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((reason) -> values.add(reason.get("system").asText() + "|" + reason.get("code").asText()));
		return values.isEmpty() ? null : String.join("\n", values);
	}

}
