package org.ldncds.hooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.util.unit.DataSize;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.ldncds.testing.CdsClient.fixture;
import static org.ldncds.testing.CdsClient.with;

/**
 * How a service call's JSON becomes a typed {@link HookRequest}, without Spring.
 */
class HookRequestParserTest {

	private static final ServiceDescriptor ORDER_SELECT = new ServiceDescriptor("order-select", "ldn-order-select",
			"title", "description", Map.of(), null);

	/** The templates the LDN services declare. */
	private static final ServiceDescriptor WITH_TEMPLATES = new ServiceDescriptor("order-select", "ldn-order-select",
			"title", "description",
			Map.of("patient", "Patient/{{context.patientId}}", "medications",
					"MedicationRequest?patient={{context.patientId}}&status=active,on-hold&_include=MedicationRequest:medication",
					"conditions", "Condition?patient={{context.patientId}}"),
			null);

	private static final String CALL = fixture("order-select-ldn-without-opioid.json");

	private final HookRequestParser parser = new HookRequestParser(new ObjectMapper(), FhirContext.forR4Cached(),
			new HooksProperties(DataSize.ofMegabytes(5), 64, 1_000_000, 5000, null, Duration.ofSeconds(2)));

	@Test
	void parsesTheCallIntoTypedFields() {
		HookRequest request = parse(with(CALL, "context.encounterId", "\"example-encounter\""));
		assertThat(request.hook()).isEqualTo("order-select");
		assertThat(request.hookInstance()).isEqualTo("5a1e9c3e-0f7b-4c55-9d3a-1b2c3d4e5f60");
		assertThat(request.server()).isEmpty();
		assertThat(request.authorization()).isEmpty();
		HookContext context = request.context();
		assertThat(context.userId()).isEqualTo("Practitioner/example-prescriber");
		assertThat(context.patientId()).isEqualTo("example-patient");
		assertThat(context.encounterId()).isEqualTo("example-encounter");
		assertThat(context.selections()).containsExactly("MedicationRequest/ldn-draft");
		Bundle drafts = context.drafts().orElseThrow();
		assertThat(drafts.getEntry()).hasSize(1);
		assertThat(drafts.getEntryFirstRep().getResource()).isInstanceOf(MedicationRequest.class);
		assertThat(context.primitives()).containsEntry("patientId", "example-patient")
			.containsEntry("userId", "Practitioner/example-prescriber")
			.containsEntry("encounterId", "example-encounter");
		// The request sends the optional history keys as null: no data.
		assertThat(request.prefetch()).containsOnlyKeys("patient", "medications", "conditions", "medicationHistory",
				"medicationStatements", "medicationDispenses", "observations", "encounterDiagnoses");
		assertThat(request.prefetch().get("medicationHistory")).isInstanceOf(PrefetchValue.NoData.class);
		assertThat(request.prefetch().get("patient")).isInstanceOfSatisfying(PrefetchValue.Data.class,
				(data) -> assertThat(data.resource()).isInstanceOf(Patient.class));
	}

	@Test
	void ignoresUnknownFieldsAndExtensions() {
		String call = with(CALL, "extension", """
				{"org.example.priority": "high", "org.example.session": {"id": 7}}""");
		call = with(call, "somethingNew", "[1, 2, 3]");
		call = with(call, "context.extension", """
				{"org.example.ward": "4B"}""");
		call = with(call, "context.somethingNew", "{\"nested\": true}");
		HookRequest request = parse(call);
		assertThat(request.context().patientId()).isEqualTo("example-patient");
		assertThat(request.context().selections()).containsExactly("MedicationRequest/ldn-draft");
	}

	@Test
	void readsANullPrefetchValueAsNoData() {
		HookRequest request = parse(with(CALL, "prefetch.conditions", "null"));
		assertThat(request.prefetch().get("conditions")).isInstanceOf(PrefetchValue.NoData.class);
	}

	@Test
	void readsAnOperationOutcomeAsAFetchThatFailed() {
		HookRequest request = parse(with(CALL, "prefetch.medications", """
				{"resourceType": "OperationOutcome",
				 "issue": [{"severity": "error", "code": "timeout", "diagnostics": "search timed out"}]}"""));
		assertThat(request.prefetch().get("medications")).isInstanceOfSatisfying(PrefetchValue.FetchFailed.class,
				(failed) -> assertThat(failed.outcome()).isInstanceOf(OperationOutcome.class));
	}

	@Test
	void leavesAKeyTheEhrDidNotSendAbsent() {
		HookRequest request = parse(CdsClient.without(CALL, "prefetch.conditions"));
		assertThat(request.prefetch()).doesNotContainKey("conditions");
	}

	@Test
	void acceptsBundlesWithoutType() {
		String call = with(CALL, "context.draftOrders", """
				{"resourceType": "Bundle", "entry": [{"resource":
				  {"resourceType": "MedicationRequest", "id": "ldn-draft", "status": "draft", "intent": "order",
				   "medicationCodeableConcept": {"text": "Naltrexone 4.5 mg capsule"}}}]}""");
		call = with(call, "prefetch.medications", """
				{"resourceType": "Bundle", "entry": [{"resource":
				  {"resourceType": "MedicationRequest", "id": "other", "status": "active", "intent": "order"}}]}""");
		HookRequest request = parse(call);
		assertThat(request.context().drafts().orElseThrow().getEntry()).hasSize(1);
		assertThat(request.prefetch().get("medications")).isInstanceOf(PrefetchValue.Data.class);
	}

	@Test
	void parsesFhirAuthorizationAndNeverPrintsTheToken() {
		String call = with(CALL, "fhirServer", "\"https://ehr.example.org/fhir\"");
		call = with(call, "fhirAuthorization", """
				{"access_token": "s3cr3t-t0ken", "token_type": "Bearer", "expires_in": 300,
				 "scope": "patient/Patient.read patient/MedicationRequest.read", "subject": "ldn-cds",
				 "patient": "example-patient"}""");
		HookRequest request = parse(call);
		assertThat(request.server()).contains(URI.create("https://ehr.example.org/fhir"));
		FhirAuthorization authorization = request.authorization().orElseThrow();
		assertThat(authorization.accessToken()).isEqualTo("s3cr3t-t0ken");
		assertThat(authorization.tokenType()).isEqualTo("Bearer");
		assertThat(authorization.expiresIn()).isEqualTo(300L);
		assertThat(authorization.scope()).isEqualTo("patient/Patient.read patient/MedicationRequest.read");
		assertThat(authorization.subject()).isEqualTo("ldn-cds");
		assertThat(authorization.patient()).isEqualTo("example-patient");
		assertThat(authorization.toString()).doesNotContain("s3cr3t");
		assertThat(request.toString()).doesNotContain("s3cr3t");
	}

	@Test
	void refusesABundleEntryWhoseResourceIsNotAnObject() {
		String call = with(CALL, "context.draftOrders", """
				{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": 42}]}""");
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(call))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST))
			.withMessage("context.draftOrders is not valid FHIR R4 JSON");
	}

	@Test
	void refusesABundleEntryThatIsNotAnObjectRatherThanDropIt() {
		String call = with(CALL, "prefetch.medications", """
				{"resourceType": "Bundle", "type": "searchset", "entry": [42]}""");
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(call))
			.withMessageStartingWith("prefetch.medications is not valid FHIR R4 JSON")
			.withMessageContaining("entry");
	}

	@Test
	void namesTheValueAtFaultWithoutQuotingJavaExceptions() {
		String call = with(CALL, "prefetch.medications", """
				{"resourceType": "Bundle", "type": "searchset", "entry": [{"resource":
				 {"resourceType": "MedicationRequest", "id": "m", "status": "active", "intent": "order",
				  "dosageInstruction": [{"timing": {"repeat": {"frequency": "HS"}}}]}}]}""");
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(call))
			.withMessageStartingWith("prefetch.medications is not valid FHIR R4 JSON")
			.withMessageContaining("frequency")
			.withMessageContaining("\"HS\"")
			.withMessageNotContaining("Exception")
			.withMessageNotContaining("java.");
	}

	@Test
	void keepsFhirThatIsOddButLosesNothing() {
		String call = with(CALL, "prefetch.patient", """
				{"resourceType": "Patient", "id": "example-patient", "name": {"family": "Doe"},
				 "gender": null, "somethingNew": 1}""");
		call = with(call, "prefetch.medications",
				"""
						{"resourceType": "Bundle", "entry": {"resource":
						  {"resourceType": "MedicationRequest", "id": "other", "status": "active", "intent": "order",
						   "dosageInstruction": [{"timing": {"repeat": {"frequency": "2", "period": 1, "periodUnit": "d"}}}]}}}""");
		HookRequest request = parse(call);
		assertThat(request.prefetch().get("patient")).isInstanceOfSatisfying(PrefetchValue.Data.class,
				(data) -> assertThat(((Patient) data.resource()).getNameFirstRep().getFamily()).isEqualTo("Doe"));
		assertThat(request.prefetch().get("medications")).isInstanceOfSatisfying(PrefetchValue.Data.class,
				(data) -> assertThat(((Bundle) data.resource()).getEntry()).hasSize(1));
	}

	@Test
	void refusesAHookInstanceThatCouldForgeLogLines() {
		String call = with(CALL, "hookInstance", "\"d1577c69\\nINFO forged log line\"");
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(call))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST))
			.withMessageStartingWith("hookInstance must be an id");
	}

	@Test
	void refusesAKeyGivenTwiceAnywhereInTheBody() {
		String call = CALL.replaceFirst("\"prefetch\"\\s*:\\s*\\{", "\"prefetch\": {\"medications\": null, ");
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(call))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST))
			.withMessageStartingWith("the request body is ambiguous: the key 'medications' appears twice");
		String nested = CALL.replaceFirst("\"status\": \"draft\"", "\"status\": \"draft\", \"status\": \"active\"");
		assertThat(nested).isNotEqualTo(CALL);
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(nested))
			.withMessageStartingWith("the request body is ambiguous: the key 'status' appears twice");
	}

	@Test
	void refusesContentAfterTheJsonValue() {
		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> parse(CALL + "\n{\"hook\": \"order-sign\"}"))
			.withMessageStartingWith("the request body is ambiguous: there is more content after its JSON value")
			.satisfies((ex) -> assertThat(ex.logReason()).doesNotContain("order-sign"));
		assertThat(parse(CALL + "\n  \n").hook()).isEqualTo("order-select");
	}

	@Test
	void refusesAPrefetchValueOfAnotherTypeThanItsTemplateNamingKeyAndType() {
		String call = with(CALL, "prefetch.patient", """
				{"resourceType": "Condition", "id": "c"}""");
		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> parser.parse(call.getBytes(StandardCharsets.UTF_8), WITH_TEMPLATES))
			.withMessage("prefetch.patient is a Condition, but its template reads a Patient");
		String single = with(CALL, "prefetch.medications", """
				{"resourceType": "MedicationRequest", "id": "m", "status": "active", "intent": "order"}""");
		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> parser.parse(single.getBytes(StandardCharsets.UTF_8), WITH_TEMPLATES))
			.withMessageStartingWith("prefetch.medications is a MedicationRequest, but its template is a search");
	}

	@Test
	void refusesASearchBundleWithEntriesOfAnotherType() {
		String call = with(CALL, "prefetch.medications", """
				{"resourceType": "Bundle", "type": "searchset", "entry": [
				 {"resource": {"resourceType": "Condition", "id": "c"}, "search": {"mode": "match"}}]}""");
		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> parser.parse(call.getBytes(StandardCharsets.UTF_8), WITH_TEMPLATES))
			.withMessage("prefetch.medications.entry[0] is a Condition (search.mode match), but its template "
					+ "searches MedicationRequest and includes Medication");
	}

	@Test
	void acceptsIncludedMedicationsAndOutcomesInASearch() {
		String call = with(CALL, "prefetch.medications", """
				{"resourceType": "Bundle", "type": "searchset", "total": 1, "entry": [
				 {"fullUrl": "https://ehr.example.org/fhir/MedicationRequest/m", "search": {"mode": "match"},
				  "resource": {"resourceType": "MedicationRequest", "id": "m", "status": "active", "intent": "order",
				   "medicationReference": {"reference": "Medication/x"}}},
				 {"fullUrl": "https://ehr.example.org/fhir/Medication/x", "search": {"mode": "include"},
				  "resource": {"resourceType": "Medication", "id": "x"}},
				 {"search": {"mode": "outcome"}, "resource": {"resourceType": "OperationOutcome",
				  "issue": [{"severity": "information", "code": "informational"}]}}]}""");
		HookRequest request = parser.parse(call.getBytes(StandardCharsets.UTF_8), WITH_TEMPLATES);
		assertThat(request.prefetch().get("medications")).isInstanceOf(PrefetchValue.Data.class);
	}

	@Test
	void refusesTwoEntriesForOneResourceInABundle() {
		String drafts = """
				{"resourceType": "Bundle", "entry": [
				 {"resource": {"resourceType": "MedicationRequest", "id": "ldn-draft", "status": "draft", "intent": "order"}},
				 {"resource": {"resourceType": "MedicationRequest", "id": "ldn-draft", "status": "draft", "intent": "order"}}]}""";
		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> parse(with(CALL, "context.draftOrders", drafts)))
			.withMessage("context.draftOrders is ambiguous: entries 0 and 1 are both MedicationRequest/ldn-draft");
	}

	@Test
	void findsASelectionByTheDraftsIdOrItsUrnUuidFullUrl() {
		String drafts = """
				{"resourceType": "Bundle", "entry": [{"fullUrl": "urn:uuid:8c1a1b2e-4a7d-4f7e-9a51-0c2b3e4d5f60",
				 "resource": {"resourceType": "MedicationRequest", "id": "8c1a1b2e-4a7d-4f7e-9a51-0c2b3e4d5f60",
				  "status": "draft", "intent": "order"}}]}""";
		String byId = with(with(CALL, "context.draftOrders", drafts), "context.selections",
				"[\"MedicationRequest/8c1a1b2e-4a7d-4f7e-9a51-0c2b3e4d5f60\"]");
		assertThat(parse(byId).context().selections())
			.containsExactly("MedicationRequest/8c1a1b2e-4a7d-4f7e-9a51-0c2b3e4d5f60");
		String byFullUrl = with(with(CALL, "context.draftOrders", drafts), "context.selections",
				"[\"urn:uuid:8c1a1b2e-4a7d-4f7e-9a51-0c2b3e4d5f60\"]");
		assertThat(parse(byFullUrl).context().selections())
			.containsExactly("urn:uuid:8c1a1b2e-4a7d-4f7e-9a51-0c2b3e4d5f60");
		String elsewhere = with(with(CALL, "context.draftOrders", drafts), "context.selections",
				"[\"urn:uuid:00000000-4a7d-4f7e-9a51-0c2b3e4d5f60\"]");
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(elsewhere))
			.withMessage("context.selections[0] (urn:uuid:00000000-4a7d-4f7e-9a51-0c2b3e4d5f60) is not in "
					+ "context.draftOrders")
			.satisfies((ex) -> assertThat(ex.logReason())
				.isEqualTo("context.selections[0] is not in context.draftOrders"));
	}

	@Test
	void readsABlankAccessTokenAsNoAuthorization() {
		String call = with(CALL, "fhirServer", "\"https://ehr.example.org/fhir\"");
		call = with(call, "fhirAuthorization", """
				{"access_token": "", "token_type": "Bearer", "expires_in": 300,
				 "scope": "patient/Patient.read", "subject": "cds-service4"}""");
		HookRequest request = parse(call);
		assertThat(request.authorization()).isEmpty();
		assertThat(request.server()).contains(URI.create("https://ehr.example.org/fhir"));
	}

	@Test
	void keepsTheLogReasonOfAFhirErrorFreeOfTheValueAtFault() {
		String call = with(CALL, "prefetch.patient", """
				{"resourceType": "Patient", "id": "p", "birthDate": "1975-13-45"}""");
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> parse(call))
			.withMessageContaining("1975-13-45")
			.satisfies((ex) -> assertThat(ex.logReason()).isEqualTo("prefetch.patient is not valid FHIR R4 JSON"));
	}

	private HookRequest parse(String json) {
		return parser.parse(json.getBytes(StandardCharsets.UTF_8), ORDER_SELECT);
	}

}
