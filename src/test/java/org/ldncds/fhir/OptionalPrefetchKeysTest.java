package org.ldncds.fhir;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Caller;
import org.ldncds.hooks.CdsHooksException;
import org.ldncds.hooks.HookContext;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.PrefetchValue;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Optional prefetch keys add evidence but never refuse a call: without a fhirServer, with
 * one the caller may not name, or with one that fails, the call goes on without them and
 * says so in the origins; a required key still makes the call 412 (or 403).
 */
class OptionalPrefetchKeysTest {

	private static final String HISTORY = "MedicationRequest?patient={{context.patientId}}&status=completed,stopped";

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final FhirFetchProperties properties = new FhirFetchProperties(Duration.ofMillis(200),
			Duration.ofMillis(200), Duration.ofMillis(800), 5, 2, DataSize.ofMegabytes(1), 3, 2, 50, 10,
			Duration.ofSeconds(30), 4);

	private final PrefetchResolver resolver = new PrefetchResolver(new FhirFetcher(FhirContext.forR4Cached(),
			new FhirHttp(properties), new FhirServerGuards(properties, new SimpleMeterRegistry()), properties),
			executor, properties);

	private final Map<String, String> templates = Map.of("patient", "Patient/{{context.patientId}}", "history",
			HISTORY);

	@AfterEach
	void stop() {
		executor.shutdownNow();
	}

	@Test
	void anOptionalKeyThatCannotBeFetchedWithoutAServerIsUnavailableNotA412() {
		ResolvedPrefetch resolved = resolver.resolve(templates, Set.of("history"),
				request(null, Caller.UNKNOWN, Map.of("patient", patient())), System.nanoTime());

		assertThat(resolved.complete()).isTrue();
		assertThat(resolved.origins()).containsEntry("patient", PrefetchOrigin.SUPPLIED)
			.containsEntry("history", PrefetchOrigin.UNAVAILABLE);
		assertThat(resolved.originLabels()).containsEntry("history", "unavailable");
		assertThat(resolved.resources()).containsOnlyKeys("patient");
	}

	@Test
	void aRequiredKeyStillRefusesTheCallNamingOnlyTheRequiredKeys() {
		ResolvedPrefetch resolved = resolver.resolve(templates, Set.of("history"),
				request(null, Caller.UNKNOWN, Map.of()), System.nanoTime());

		assertThat(resolved.complete()).isFalse();
		assertThat(resolved.missing()).containsOnlyKeys("patient");
		assertThat(resolved.refusal().missingPrefetch()).containsExactly("patient");
	}

	@Test
	void aServerTheCallerMayNotNameLeavesOptionalKeysUnavailableButRequiredOnesForbidden() {
		URI server = URI.create("https://ehr.example.org/fhir");
		ResolvedPrefetch resolved = resolver.resolve(templates, Set.of("history"),
				request(server, Caller.UNKNOWN, Map.of("patient", patient())), System.nanoTime());
		assertThat(resolved.complete()).isTrue();
		assertThat(resolved.origins()).containsEntry("history", PrefetchOrigin.UNAVAILABLE);

		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> resolver.resolve(templates, Set.of("history"), request(server, Caller.UNKNOWN, Map.of()),
					System.nanoTime()))
			.satisfies((refusal) -> assertThat(refusal.getMessage()).contains("not authenticated"));
	}

	@Test
	void anOptionalKeyWhoseServerFailsIsUnavailable() {
		URI nothingListens = InProcessFhirServer.unreachableBaseUrl();
		ResolvedPrefetch resolved = resolver.resolve(templates, Set.of("history"),
				request(nothingListens, ANYONE, Map.of("patient", patient())), System.nanoTime());

		assertThat(resolved.complete()).isTrue();
		assertThat(resolved.origins()).containsEntry("history", PrefetchOrigin.UNAVAILABLE);
	}

	@Test
	void anOptionalSearchSentInPartIsUsedAsFarAsItGoes() {
		Bundle firstPage = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		firstPage.addEntry().setResource(new MedicationRequest().setId("stopped-1"));
		firstPage.addLink().setRelation(Bundle.LINK_NEXT).setUrl("https://ehr.example.org/fhir?page=2");

		ResolvedPrefetch resolved = resolver.resolve(templates, Set.of("history"), request(null, Caller.UNKNOWN,
				Map.of("patient", patient(), "history", new PrefetchValue.Data(firstPage))), System.nanoTime());

		assertThat(resolved.complete()).isTrue();
		assertThat(resolved.origins()).containsEntry("history", PrefetchOrigin.SUPPLIED_PARTIAL);
		assertThat(resolved.record().medicationRequests()).hasSize(1);
	}

	/** A caller that may name any FHIR server. */
	private static final Caller ANYONE = new Caller() {
		@Override
		public String issuer() {
			return null;
		}

		@Override
		public Optional<String> refusalToCall(URI fhirServer) {
			return Optional.empty();
		}
	};

	private static PrefetchValue patient() {
		return new PrefetchValue.Data(new Patient().setId("p-1"));
	}

	private static HookRequest request(URI server, Caller caller, Map<String, PrefetchValue> prefetch) {
		Map<String, String> primitives = new HashMap<>(Map.of("patientId", "p-1", "userId", "Practitioner/doc"));
		HookContext context = new HookContext("Practitioner/doc", "p-1", null, List.of(), null, primitives);
		return new HookRequest("order-select", "h-1", server, null, context, prefetch, caller);
	}

}
