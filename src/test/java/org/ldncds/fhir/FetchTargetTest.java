package org.ldncds.fhir;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Caller;

import static org.assertj.core.api.Assertions.assertThat;

/** Which URLs count as the EHR's FHIR server, and how prefetch queries become URLs. */
class FetchTargetTest {

	private static FetchTarget target(String server) {
		return new FetchTarget(URI.create(server), "token", Caller.UNKNOWN);
	}

	@Test
	void aPagingLinkIsOnTheSameServerWhenOnlyTheDefaultPortIsWrittenOut() {
		FetchTarget target = target("https://ehr.example.org/fhir");
		assertThat(target.isOnServer(URI.create("https://ehr.example.org:443/fhir?page=2"))).isTrue();
		assertThat(target.isOnServer(URI.create("https://EHR.example.org/fhir?page=2"))).isTrue();
		assertThat(target("http://ehr.example.org/fhir").isOnServer(URI.create("http://ehr.example.org:80/fhir")))
			.isTrue();
	}

	@Test
	void aPagingLinkToAnotherHostPortOrSchemeIsNotOnTheSameServer() {
		FetchTarget target = target("https://ehr.example.org/fhir");
		assertThat(target.isOnServer(URI.create("https://evil.example.org/fhir?page=2"))).isFalse();
		assertThat(target.isOnServer(URI.create("https://ehr.example.org:8443/fhir?page=2"))).isFalse();
		assertThat(target.isOnServer(URI.create("http://ehr.example.org/fhir?page=2"))).isFalse();
		assertThat(target.isOnServer(URI.create("/relative?page=2"))).isFalse();
		assertThat(target.isOnServer(URI.create("https://ehr.example.org@evil.example.org/fhir"))).isFalse();
		assertThat(target.isOnServer(URI.create("https://user@ehr.example.org/fhir"))).isFalse();
	}

	@Test
	void aBlankTokenIsNoToken() {
		assertThat(new FetchTarget(URI.create("https://ehr.example.org"), " ", Caller.UNKNOWN).token()).isEmpty();
		assertThat(new FetchTarget(URI.create("https://ehr.example.org"), null, Caller.UNKNOWN).token()).isEmpty();
	}

	@Test
	void aQueryIsAppendedToTheServerBaseAndQuotedWhereAUrlNeedsIt() {
		URI server = URI.create("https://ehr.example.org/fhir/");
		assertThat(FhirFetcher.urlFor(server, "Patient/123")).hasToString("https://ehr.example.org/fhir/Patient/123");
		assertThat(FhirFetcher.urlFor(server, "Observation?patient=1&code=http://loinc.org|2160-0"))
			.hasToString("https://ehr.example.org/fhir/Observation?patient=1&code=http://loinc.org%7C2160-0");
	}

	@Test
	void aQueryWithParametersOrWithoutIdIsASearch() {
		assertThat(FhirFetcher.expectedTypeOf("Patient/123")).isEqualTo("Patient");
		assertThat(FhirFetcher.expectedTypeOf("MedicationRequest?patient=1")).isEqualTo("Bundle");
		assertThat(FhirFetcher.expectedTypeOf("MedicationRequest")).isEqualTo("Bundle");
	}

}
