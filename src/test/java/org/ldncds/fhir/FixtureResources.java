package org.ldncds.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The FHIR resources test servers hold: one readable JSON file per resource in
 * {@code src/test/resources/fhir-server/}, named {@code ResourceType-id.json}.
 */
final class FixtureResources {

	/** Referenced resources before the resources that reference them. */
	private static final List<String> UPLOAD_ORDER = List.of("Patient", "Medication", "MedicationRequest", "Condition",
			"MedicationStatement", "MedicationDispense", "Observation");

	private final Map<String, Resource> byReference;

	private FixtureResources(Map<String, Resource> byReference) {
		this.byReference = byReference;
	}

	static FixtureResources load() {
		FhirContext fhir = FhirContext.forR4Cached();
		try {
			org.springframework.core.io.Resource[] files = new PathMatchingResourcePatternResolver()
				.getResources("classpath:fhir-server/*.json");
			Map<String, Resource> byReference = Stream.of(files)
				.map((file) -> parse(fhir, file))
				.collect(Collectors.toUnmodifiableMap(FixtureResources::referenceTo, (resource) -> resource));
			return new FixtureResources(byReference);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Resource parse(FhirContext fhir, org.springframework.core.io.Resource file) {
		try (InputStream in = file.getInputStream()) {
			Resource resource = (Resource) fhir.newJsonParser().parseResource(in);
			String expectedName = referenceTo(resource).replace('/', '-') + ".json";
			if (!expectedName.equals(file.getFilename())) {
				throw new IllegalStateException(
						file.getFilename() + " holds " + referenceTo(resource) + "; name it " + expectedName);
			}
			return resource;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A copy of the resource, for a server answer to change freely. */
	<T extends Resource> Optional<T> read(Class<T> type, String id) {
		return Optional.ofNullable(byReference.get(type.getSimpleName() + "/" + id)).map(type::cast).map(this::copy);
	}

	/** Copies of every resource of the type, ordered by id. */
	<T extends Resource> List<T> all(Class<T> type) {
		return byReference.values()
			.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.sorted(Comparator.comparing((resource) -> resource.getIdElement().getIdPart()))
			.map(this::copy)
			.toList();
	}

	/** Every resource, in an order a server that checks references accepts. */
	List<Resource> inUploadOrder() {
		return byReference.values()
			.stream()
			.sorted(Comparator.comparing((Resource resource) -> uploadRank(resource))
				.thenComparing(FixtureResources::referenceTo))
			.map(this::copy)
			.toList();
	}

	private static int uploadRank(Resource resource) {
		int rank = UPLOAD_ORDER.indexOf(resource.fhirType());
		return (rank < 0) ? UPLOAD_ORDER.size() : rank;
	}

	@SuppressWarnings("unchecked")
	private <T extends Resource> T copy(T resource) {
		return (T) resource.copy();
	}

	private static String referenceTo(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}

}
