package org.ldncds.fhir;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrefetchResolverTest {

	@Test
	void aPagingLinkIsOnTheSameServerWhenOnlyTheDefaultPortIsWrittenOut() {
		URI server = URI.create("https://ehr.example.org/fhir");
		assertThat(PrefetchResolver.isOnServer("https://ehr.example.org:443/fhir?page=2", server)).isTrue();
		assertThat(PrefetchResolver.isOnServer("https://EHR.example.org/fhir?page=2", server)).isTrue();
		assertThat(PrefetchResolver.isOnServer("http://ehr.example.org:80/fhir",
				URI.create("http://ehr.example.org/fhir")))
			.isTrue();
	}

	@Test
	void aPagingLinkToAnotherHostPortOrSchemeIsNotOnTheSameServer() {
		URI server = URI.create("https://ehr.example.org/fhir");
		assertThat(PrefetchResolver.isOnServer("https://evil.example.org/fhir?page=2", server)).isFalse();
		assertThat(PrefetchResolver.isOnServer("https://ehr.example.org:8443/fhir?page=2", server)).isFalse();
		assertThat(PrefetchResolver.isOnServer("http://ehr.example.org/fhir?page=2", server)).isFalse();
		assertThat(PrefetchResolver.isOnServer("not a url", server)).isFalse();
		assertThat(PrefetchResolver.isOnServer("/relative?page=2", server)).isFalse();
	}

}
