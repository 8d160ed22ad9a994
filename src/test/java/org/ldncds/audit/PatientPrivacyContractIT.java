package org.ldncds.audit;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.db.AuditTables;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.FeedbackJson;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No patient identifier in clear in the audit trail, the feedback or the logs: the
 * patient is a keyed hash, and the patient's id, name and birth date, the clinician's
 * comment and the EHR's access token are found nowhere, whatever the call's outcome. Run
 * against H2 and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
abstract class PatientPrivacyContractIT {

	private static final String PATIENT_ID = "pt-7Hq2Zx9W";

	private static final String FAMILY = "Vandermolen";

	private static final String GIVEN = "Quintessa";

	private static final String BIRTH_DATE = "1931-07-29";

	private static final String COMMENT = "Spoke with Mrs Vandermolen's daughter about it";

	private static final String ACCESS_TOKEN = "tok-3cRt1Mx8QzLw";

	private static final String FHIR_SERVER = "https://fhir.example-hospital.org/r4";

	/** What must never be stored or logged. */
	private static final List<String> IDENTIFYING = List.of(PATIENT_ID, FAMILY, GIVEN, BIRTH_DATE, COMMENT,
			ACCESS_TOKEN, "Spoke with");

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	private CdsClient http;

	private AuditTables tables;

	@BeforeEach
	void connect() {
		this.http = new CdsClient(port);
		this.tables = new AuditTables(jdbc);
	}

	@Test
	void keysThePatientByAKeyedHashOfServerAndId() throws Exception {
		String first = patientKeyOf(identifiable());
		String again = patientKeyOf(identifiable());
		String otherPatient = patientKeyOf(ExampleCall.forPatient("pt-Other42"));
		String noServer = patientKeyOf(ExampleCall.forPatient(PATIENT_ID));

		assertThat(first).matches("[0-9a-f]{32}").isEqualTo(again);
		assertThat(otherPatient).matches("[0-9a-f]{32}").isNotEqualTo(first);
		assertThat(noServer).as("the same id on another server is another patient").isNotEqualTo(first);
		assertThat(first).doesNotContainIgnoringCase(PATIENT_ID)
			.isNotEqualTo(sha256(FHIR_SERVER + "|" + PATIENT_ID))
			.isNotEqualTo(sha256(PATIENT_ID));
	}

	@Test
	void storesNoPatientIdentifierCommentOrToken() throws Exception {
		makeIdentifiableCallsAndFeedback();

		List<Map.Entry<String, String>> values = tables.allValues();
		assertThat(values).as("values of the audit and feedback tables").isNotEmpty();
		for (Map.Entry<String, String> value : values) {
			for (String identifying : IDENTIFYING) {
				assertThat(value.getValue()).as("%s", value.getKey()).doesNotContainIgnoringCase(identifying);
			}
		}
	}

	@Test
	void logsNoPatientIdentifierCommentOrToken(CapturedOutput output) throws Exception {
		ExampleCall call = makeIdentifiableCallsAndFeedback();

		assertThat(output.getAll()).as("the calls were logged").contains(call.hookInstance());
		for (String identifying : IDENTIFYING) {
			assertThat(output.getAll()).doesNotContainIgnoringCase(identifying);
		}
	}

	/**
	 * Answered, refused and failed calls and feedback, all carrying the patient's id,
	 * name and birth date, the token and a comment.
	 */
	private ExampleCall makeIdentifiableCallsAndFeedback() throws Exception {
		ExampleCall call = identifiable();
		JsonNode critical = call.callOk(http).critical();
		String card = critical.get("uuid").asText();

		ObjectNode overridden = FeedbackJson.overridden(card, ExampleCall.reasonOf(critical, 0), Instant.now());
		((ObjectNode) overridden.get("overrideReason")).put("userComment", COMMENT);
		assertThat(feedback(FeedbackJson.body(overridden)).status()).isEqualTo(200);
		ObjectNode refused = FeedbackJson.overridden(card, Instant.now());
		refused.putObject("overrideReason").put("userComment", COMMENT).putObject("reason").put("code", PATIENT_ID);
		assertThat(feedback(FeedbackJson.body(refused)).status()).isEqualTo(400);
		assertThat(feedback("{\"feedback\": [{\"card\": " + GIVEN + "}]}").status()).isEqualTo(400);

		// Refused as 400, 412 without a server to fetch from, 412 when the server fails.
		assertThat(call.with("hook", "\"order-sign\"").call(http).status()).isEqualTo(400);
		assertThat(http.call(ExampleCall.SERVICE, call.json().replace("\"" + GIVEN + "\"", GIVEN)).status())
			.isEqualTo(400);
		assertThat(identifiable().without("fhirAuthorization")
			.without("fhirServer")
			.without("prefetch.medications")
			.call(http)
			.status()).isEqualTo(412);
		assertThat(identifiable().with("fhirServer", "\"http://127.0.0.1:1/fhir\"")
			.without("prefetch.medications")
			.call(http)
			.status()).isEqualTo(412);
		http.post("/cds-services/" + ExampleCall.SERVICE, BodyPublishers.ofString(call.json()), "Content-Type",
				"text/plain");

		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		return call;
	}

	/**
	 * The example about a patient with a name and a birth date, from a FHIR server with
	 * an access token.
	 */
	private static ExampleCall identifiable() {
		return ExampleCall.forPatient(PATIENT_ID)
			.with("prefetch.patient.name", "[{\"family\": \"" + FAMILY + "\", \"given\": [\"" + GIVEN + "\"]}]")
			.with("prefetch.patient.birthDate", "\"" + BIRTH_DATE + "\"")
			.with("fhirServer", "\"" + FHIR_SERVER + "\"")
			.with("fhirAuthorization", """
					{"access_token": "%s", "token_type": "Bearer", "expires_in": 300,
					 "scope": "patient/Patient.read patient/MedicationRequest.read", "subject": "ldn-cds"}"""
				.formatted(ACCESS_TOKEN));
	}

	private String patientKeyOf(ExampleCall call) throws InterruptedException {
		call.callOk(http);
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		return tables.callWithHookInstance(call.hookInstance()).orElseThrow().patientKey();
	}

	private CdsClient.Answer feedback(String body) {
		return http.post("/cds-services/" + ExampleCall.SERVICE + "/feedback", BodyPublishers.ofString(body),
				"Content-Type", "application/json");
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

}
