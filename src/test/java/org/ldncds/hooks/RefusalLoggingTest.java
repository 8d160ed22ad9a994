package org.ldncds.hooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.fixture;
import static org.ldncds.testing.CdsClient.with;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every 4xx is logged with its reason, so that an integrator's failing calls can be
 * diagnosed from the log; the reason never quotes the body (patient data, tokens).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class RefusalLoggingTest {

	private static final String CALL = fixture("order-select-ldn-without-opioid.json");

	@Autowired
	private MockMvc mvc;

	@Test
	void logsA400WithItsReasonButNotTheValueAtFault(CapturedOutput log) throws Exception {
		String call = with(CALL, "prefetch.patient", """
				{"resourceType": "Patient", "id": "example-patient", "birthDate": "1975-13-45"}""");
		call = with(call, "fhirServer", "\"https://ehr.example.org/fhir\"");
		call = with(call, "fhirAuthorization", """
				{"access_token": "s3cr3t-t0ken", "token_type": "Bearer", "expires_in": 300}""");

		mvc.perform(post("/cds-services/ldn-order-select").contentType(MediaType.APPLICATION_JSON).content(call))
			.andExpect(status().isBadRequest());

		assertThat(log.getOut())
			.contains("Refused call: 400 invalid_request: prefetch.patient is not valid FHIR R4 JSON")
			.doesNotContain("1975-13-45")
			.doesNotContain("s3cr3t-t0ken");
	}

	@Test
	void logsAmbiguousBodiesWithoutQuotingThem(CapturedOutput log) throws Exception {
		mvc.perform(post("/cds-services/ldn-order-select").contentType(MediaType.APPLICATION_JSON)
			.content(CALL + "{\"patientSecret\": \"Jane Doe\"}")).andExpect(status().isBadRequest());

		assertThat(log.getOut()).contains("Refused call: 400 invalid_request: the request body has content after")
			.doesNotContain("Jane Doe");
	}

	@Test
	void leavesOutWhatAReasonQuotes(CapturedOutput log) throws Exception {
		mvc.perform(post("/cds-services/ldn-order-select").contentType(MediaType.APPLICATION_JSON)
			.content("{\"hook\": Quintessa}")).andExpect(status().isBadRequest());
		mvc.perform(post("/cds-services/ldn-order-select/feedback").contentType(MediaType.APPLICATION_JSON)
			.content("{\"feedback\": Quintessa}")).andExpect(status().isBadRequest());

		assertThat(log.getOut()).contains("Refused call: 400 invalid_request: the request body is not valid JSON")
			.doesNotContain("Quintessa");
	}

	@Test
	void logsProtocolRefusalsToo(CapturedOutput log) throws Exception {
		mvc.perform(post("/cds-services/ldn-order-select").contentType(MediaType.TEXT_PLAIN).content("hello"))
			.andExpect(status().isUnsupportedMediaType());
		mvc.perform(get("/cds-services/ldn-order-select")).andExpect(status().isMethodNotAllowed());
		mvc.perform(post("/cds-services/no-such-service").contentType(MediaType.APPLICATION_JSON).content(CALL))
			.andExpect(status().isNotFound());

		assertThat(log.getOut())
			.contains("Refused call: 415 unsupported_media_type: Content-Type must be application/json")
			.contains("Refused call: 405 method_not_allowed: ")
			.contains("Refused call: 404 unknown_service: no CDS service with id '…'");
	}

}
