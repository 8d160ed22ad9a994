package org.ldncds.fhir;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Caller;
import org.ldncds.hooks.HookContext;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.PrefetchValue;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template whose optional context field the call does not have (no encounterId, a user
 * token of another kind of user) is not for this call: it is skipped, not answered 412.
 */
class OptionalPrefetchTemplateTest {

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final FhirFetchProperties properties = new FhirFetchProperties(Duration.ofMillis(200),
			Duration.ofMillis(200), Duration.ofMillis(500), 5, 1, DataSize.ofMegabytes(1), 3, 1, 50, 10,
			Duration.ofSeconds(30), 4);

	private final PrefetchResolver resolver = new PrefetchResolver(new FhirFetcher(FhirContext.forR4Cached(),
			new FhirHttp(properties), new FhirServerGuards(properties, new SimpleMeterRegistry()), properties),
			executor, properties);

	@AfterEach
	void stop() {
		executor.shutdownNow();
	}

	@Test
	void skipsATemplateWhoseOptionalFieldIsAbsent() {
		Map<String, String> templates = Map.of("patient", "Patient/{{context.patientId}}", "encounter",
				"Encounter/{{context.encounterId}}", "role", "PractitionerRole/{{userPractitionerRoleId}}");

		ResolvedPrefetch resolved = resolver.resolve(templates, request(null), System.nanoTime());

		assertThat(resolved.origins()).containsEntry("patient", PrefetchOrigin.SUPPLIED)
			.containsEntry("encounter", PrefetchOrigin.SKIPPED)
			.containsEntry("role", PrefetchOrigin.SKIPPED);
		assertThat(resolved.resources()).containsOnlyKeys("patient");
	}

	@Test
	void stillNeedsATemplateWhoseFieldIsPresent() {
		Map<String, String> templates = Map.of("patient", "Patient/{{context.patientId}}", "encounter",
				"Encounter/{{context.encounterId}}");

		ResolvedPrefetch resolved = resolver.resolve(templates, request("visit-1"), System.nanoTime());

		assertThat(resolved.complete()).isFalse();
		assertThat(resolved.missing()).containsOnlyKeys("encounter");
		assertThat(resolved.originLabels()).containsEntry("encounter", "missing").containsEntry("patient", "supplied");
		assertThat(resolved.refusal().missingPrefetch()).containsExactly("encounter");
	}

	private static HookRequest request(String encounterId) {
		Map<String, String> primitives = new java.util.HashMap<>(
				Map.of("patientId", "p-1", "userId", "Practitioner/doc"));
		if (encounterId != null) {
			primitives.put("encounterId", encounterId);
		}
		HookContext context = new HookContext("Practitioner/doc", "p-1", encounterId, List.of(), null, primitives);
		return new HookRequest("patient-view", "h-1", null, null, context,
				Map.of("patient", new PrefetchValue.Data(new Patient().setId("p-1"))), Caller.UNKNOWN);
	}

}
