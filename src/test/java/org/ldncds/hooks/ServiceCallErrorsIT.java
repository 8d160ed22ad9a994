package org.ldncds.hooks;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;

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
import static org.ldncds.testing.CdsClient.with;
import static org.ldncds.testing.CdsClient.without;

/**
 * Every way a service call is refused, through the real HTTP server: the status, and a
 * JSON body whose {@code error} is a code and whose {@code detail} names what to fix.
 * Each test starts from a valid order-select call and breaks one thing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ldn.hooks.max-body-size=64KB")
class ServiceCallErrorsIT {

	private static final String SERVICE = "ldn-order-select";

	private static final String VALID = fixture("order-select-ldn-without-opioid.json");

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		this.http = new CdsClient(port);
	}

	@Test
	void answersTheValidCallTheseTestsStartFrom() {
		assertAnswered(http.call(SERVICE, VALID));
	}

	// Malformed bodies

	@Test
	void refusesMalformedJson() {
		http.call(SERVICE, """
				{"hook": "order-select", "hookInstance": }""").assertRefused(400, "invalid_request", "not valid JSON");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"x\"", "42", "null" })
	void refusesABodyThatIsNotAJsonObject(String body) {
		http.call(SERVICE, body).assertRefused(400, "invalid_request", "must be a JSON object");
	}

	@Test
	void refusesAnEmptyBody() {
		http.call(SERVICE, "").assertRefused(400, "invalid_request", "empty");
	}

	// The call's own fields

	@Test
	void refusesACallWithoutHook() {
		http.call(SERVICE, without(VALID, "hook")).assertRefused(400, "invalid_request", "hook is required");
	}

	@Test
	void refusesAHookTheServiceDoesNotAnswer() {
		http.call(SERVICE, with(VALID, "hook", "\"order-sign\""))
			.assertRefused(400, "invalid_request", "hook 'order-sign'", SERVICE);
	}

	@Test
	void refusesACallWithoutHookInstance() {
		http.call(SERVICE, without(VALID, "hookInstance"))
			.assertRefused(400, "invalid_request", "hookInstance is required");
	}

	@Test
	void refusesACallWithoutContext() {
		http.call(SERVICE, without(VALID, "context")).assertRefused(400, "invalid_request", "context is required");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"not a url\"", "\"/fhir\"", "\"ftp://ehr.example.org/fhir\"", "42" })
	void refusesAFhirServerThatIsNotAnHttpUrl(String fhirServer) {
		http.call(SERVICE, with(VALID, "fhirServer", fhirServer))
			.assertRefused(400, "invalid_request", "fhirServer must be an absolute http or https URL");
	}

	@Test
	void refusesFhirAuthorizationWithoutFhirServer() {
		http.call(SERVICE, with(VALID, "fhirAuthorization", """
				{"access_token": "secret-token", "token_type": "Bearer", "expires_in": 300,
				 "scope": "patient/*.read", "subject": "ldn-cds"}"""))
			.assertRefused(400, "invalid_request", "fhirServer is required when fhirAuthorization is present");
	}

	@Test
	void refusesFhirAuthorizationWithoutAccessToken() {
		String call = with(VALID, "fhirServer", "\"https://ehr.example.org/fhir\"");
		JsonNode refusal = http.call(SERVICE, with(call, "fhirAuthorization", """
				{"token_type": "Bearer", "expires_in": 300, "scope": "patient/*.read", "subject": "ldn-cds"}"""))
			.assertRefused(400, "invalid_request", "fhirAuthorization.access_token is required");
		assertThat(refusal.toString()).doesNotContain("secret");
	}

	// The hook context

	@Test
	void refusesAContextWithoutPatientId() {
		http.call(SERVICE, without(VALID, "context.patientId"))
			.assertRefused(400, "invalid_request", "context.patientId is required");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"../x\"", "\"a&b\"", "\"\"", "42" })
	void refusesAPatientIdThatIsNotAFhirId(String patientId) {
		http.call(SERVICE, with(VALID, "context.patientId", patientId))
			.assertRefused(400, "invalid_request", "context.patientId must be a FHIR id");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"example-prescriber\"", "\"Practitioner/../x\"", "42" })
	void refusesAUserIdThatIsNotAReference(String userId) {
		http.call(SERVICE, with(VALID, "context.userId", userId))
			.assertRefused(400, "invalid_request", "context.userId must be a reference");
	}

	@Test
	void refusesOrderSelectWithoutSelections() {
		http.call(SERVICE, without(VALID, "context.selections"))
			.assertRefused(400, "invalid_request", "context.selections is required for order-select");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"MedicationRequest/ldn-draft\"", "{}" })
	void refusesSelectionsThatAreNotANonEmptyArray(String selections) {
		http.call(SERVICE, with(VALID, "context.selections", selections))
			.assertRefused(400, "invalid_request", "context.selections must be a non-empty array");
	}

	@Test
	void refusesASelectionThatIsNotOneOfTheDraftOrders() {
		http.call(SERVICE, with(VALID, "context.selections", """
				["MedicationRequest/ldn-draft", "MedicationRequest/elsewhere"]"""))
			.assertRefused(400, "invalid_request", "context.selections[1]", "MedicationRequest/elsewhere",
					"not in context.draftOrders");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"resourceType\": \"Patient\", \"id\": \"example-patient\"}",
			"[{\"resourceType\": \"Bundle\", \"type\": \"collection\"}]", "\"Bundle\"", "{}" })
	void refusesDraftOrdersThatAreNotABundle(String draftOrders) {
		http.call(SERVICE, with(VALID, "context.draftOrders", draftOrders))
			.assertRefused(400, "invalid_request", "context.draftOrders must be a Bundle");
	}

	@Test
	void refusesDraftOrdersWithAnEntryThatIsNotAnObject() {
		refusesDraftOrders("""
				{"resourceType": "Bundle", "type": "collection", "entry": [42]}""");
	}

	@Test
	void refusesDraftOrdersWithAnEntryResourceThatIsNotAnObject() {
		refusesDraftOrders("""
				{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": 42}]}""");
	}

	@Test
	void refusesDraftOrdersWithAnUnknownResourceType() {
		refusesDraftOrders("""
				{"resourceType": "Bundle", "type": "collection",
				 "entry": [{"resource": {"resourceType": "Nonsense"}}]}""");
	}

	@Test
	void refusesDraftOrdersWithAnUnknownStatusCode() {
		refusesDraftOrders("""
				{"resourceType": "Bundle", "type": "collection",
				 "entry": [{"resource": {"resourceType": "MedicationRequest", "id": "ldn-draft",
				                         "status": "signed-already", "intent": "order"}}]}""");
	}

	private void refusesDraftOrders(String draftOrders) {
		http.call(SERVICE, with(VALID, "context.draftOrders", draftOrders))
			.assertRefused(400, "invalid_request", "context.draftOrders is not valid FHIR R4 JSON");
	}

	// Prefetch

	@ParameterizedTest
	@ValueSource(strings = { "42", "\"Patient/example-patient\"", "[]", "true" })
	void refusesAPrefetchValueThatIsNotAResource(String patient) {
		http.call(SERVICE, with(VALID, "prefetch.patient", patient))
			.assertRefused(400, "invalid_request", "prefetch.patient must be a FHIR resource or null");
	}

	@Test
	void refusesAPrefetchValueWithAnInvalidDate() {
		refusesPrefetchPatient("""
				{"resourceType": "Patient", "id": "example-patient", "birthDate": "yesterday"}""");
	}

	@Test
	void refusesAPrefetchValueOfAnUnknownResourceType() {
		refusesPrefetchPatient("""
				{"resourceType": "NotAResource", "id": "example-patient"}""");
	}

	@Test
	void refusesAPrefetchValueWithAScalarWhereFhirHasAnObject() {
		refusesPrefetchPatient("""
				{"resourceType": "Patient", "id": "example-patient", "name": ["Doe"]}""");
	}

	private void refusesPrefetchPatient(String patient) {
		http.call(SERVICE, with(VALID, "prefetch.patient", patient))
			.assertRefused(400, "invalid_request", "prefetch.patient is not valid FHIR R4 JSON");
	}

	@Test
	void answersPreconditionFailedNamingThePrefetchKeysItCannotFetchWithoutFhirServer() {
		JsonNode refusal = http.call(SERVICE, without(VALID, "prefetch"))
			.assertRefused(412, "prefetch_unavailable", "patient", "medications", "conditions", "fhirServer");
		assertThat(refusal.get("missingPrefetch")).extracting(JsonNode::asText)
			.containsExactly("conditions", "medications", "patient");
	}

	@Test
	void answersPreconditionFailedNamingOnlyTheKeyThatIsMissing() {
		JsonNode refusal = http.call(SERVICE, without(VALID, "prefetch.conditions"))
			.assertRefused(412, "prefetch_unavailable", "conditions");
		assertThat(refusal.get("missingPrefetch")).extracting(JsonNode::asText).containsExactly("conditions");
		assertThat(refusal.get("detail").asText()).doesNotContain("medications", "patient (");
	}

	@Test
	void answersPreconditionFailedWhenTheEhrCouldNotFetchAKeyAndThereIsNoFhirServer() {
		JsonNode refusal = http.call(SERVICE, with(VALID, "prefetch.medications", """
				{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "timeout"}]}"""))
			.assertRefused(412, "prefetch_unavailable", "medications");
		assertThat(refusal.get("missingPrefetch")).extracting(JsonNode::asText).containsExactly("medications");
	}

	@Test
	void answersWhenTheEhrSaysAKeyHasNoData() {
		assertAnswered(http.call(SERVICE, with(VALID, "prefetch.conditions", "null")));
	}

	// Protocol: paths, methods, media types, sizes

	@Test
	void answersNotFoundForAnUnknownServiceId() {
		http.call("no-such-service", VALID).assertRefused(404, "unknown_service", "no-such-service");
	}

	@Test
	void answersNotFoundForAnUnknownPath() {
		http.get("/no/such/path").assertRefused(404, "not_found");
	}

	@Test
	void answersMethodNotAllowedForGetOnAServiceUrl() {
		http.get("/cds-services/" + SERVICE).assertRefused(405, "method_not_allowed", "GET");
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/xml", "application/x-www-form-urlencoded" })
	void refusesABodyThatIsNotJson(String contentType) {
		http.post("/cds-services/" + SERVICE, BodyPublishers.ofString(VALID), "Content-Type", contentType)
			.assertRefused(415, "unsupported_media_type", "application/json", contentType);
	}

	@Test
	void refusesABodyWithoutContentType() {
		http.post("/cds-services/" + SERVICE, BodyPublishers.ofString(VALID))
			.assertRefused(415, "unsupported_media_type", "Content-Type must be application/json");
	}

	@Test
	void refusesAContentTypeThatCannotBeRead() {
		http.post("/cds-services/" + SERVICE, BodyPublishers.ofString(VALID), "Content-Type", "json, please")
			.assertRefused(415, "unsupported_media_type", "Content-Type must be application/json");
	}

	@Test
	void answersNotAcceptableInJsonToACallerThatOnlyAcceptsXml() {
		http.post("/cds-services/" + SERVICE, BodyPublishers.ofString(VALID), "Content-Type", "application/json",
				"Accept", "application/xml")
			.assertRefused(406, "not_acceptable");
	}

	@Test
	void acceptsABodyOfExactlyTheConfiguredLimit() {
		assertAnswered(http.call(SERVICE, paddedTo(64 * 1024)));
	}

	@Test
	void refusesABodyOneByteOverTheConfiguredLimit() {
		http.call(SERVICE, paddedTo(64 * 1024 + 1)).assertRefused(413, "payload_too_large");
	}

	@Test
	void refusesABodyOverTheConfiguredLimitThatDeclaresItsLength() {
		byte[] body = paddedTo(100 * 1024).getBytes(StandardCharsets.UTF_8);
		http.post("/cds-services/" + SERVICE, BodyPublishers.ofByteArray(body), "Content-Type", "application/json")
			.assertRefused(413, "payload_too_large", String.valueOf(64 * 1024));
	}

	@Test
	void refusesAChunkedBodyOverTheConfiguredLimit() {
		byte[] body = paddedTo(100 * 1024).getBytes(StandardCharsets.UTF_8);
		// A body from a stream has no known length: HttpClient sends it chunked.
		http.post("/cds-services/" + SERVICE, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
				"Content-Type", "application/json")
			.assertRefused(413, "payload_too_large", String.valueOf(64 * 1024));
	}

	/** The valid call, grown to the size given by an extension field it may carry. */
	private static String paddedTo(int bytes) {
		String call = with(VALID, "extension", "{\"org.example.padding\": \"\"}");
		String padding = "x".repeat(bytes - call.length());
		String padded = with(VALID, "extension", "{\"org.example.padding\": \"" + padding + "\"}");
		assertThat(padded).hasSize(bytes);
		return padded;
	}

	/**
	 * Answered with cards: the call was accepted (which cards is the knowledge tests'
	 * concern).
	 */
	private static void assertAnswered(CdsClient.Answer answer) {
		assertThat(answer.cards()).as("cards of %s", answer.body()).isNotNull();
		assertThat(answer.cards().isArray()).isTrue();
	}

}
