package org.ldncds.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The patient's data as the EHR holds it, gathered from the prefetch resources whatever
 * key they arrived under. Bundles are unpacked; OperationOutcome entries are dropped.
 * {@code prefetched} keeps the resources as they came (Bundles with their fullUrls), for
 * resolving references ({@link BundleReferences}).
 */
public record PatientRecord(Optional<Patient> patient, List<MedicationRequest> medicationRequests,
		List<Medication> medications, List<Condition> conditions, List<Observation> observations,
		List<MedicationStatement> medicationStatements, List<MedicationDispense> medicationDispenses,
		List<IBaseResource> prefetched) {

	public static PatientRecord of(Collection<IBaseResource> prefetched) {
		List<Resource> resources = new ArrayList<>();
		prefetched.forEach((resource) -> unpack(resource, resources));
		return new PatientRecord(ofType(resources, Patient.class).stream().findFirst(),
				ofType(resources, MedicationRequest.class), ofType(resources, Medication.class),
				distinct(ofType(resources, Condition.class)), ofType(resources, Observation.class),
				ofType(resources, MedicationStatement.class), ofType(resources, MedicationDispense.class),
				List.copyOf(prefetched));
	}

	/**
	 * Each resource once: two searches may find the same one (a current condition that is
	 * also an encounter diagnosis). Resources without an id are all kept.
	 */
	private static <T extends Resource> List<T> distinct(List<T> resources) {
		Set<String> seen = new HashSet<>();
		return resources.stream()
			.filter((resource) -> !resource.hasIdElement() || resource.getIdElement().getIdPart() == null
					|| seen.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart()))
			.toList();
	}

	private static void unpack(IBaseResource resource, List<Resource> into) {
		if (resource instanceof Bundle bundle) {
			bundle.getEntry()
				.stream()
				.filter(Bundle.BundleEntryComponent::hasResource)
				.forEach((entry) -> unpack(entry.getResource(), into));
		}
		else if (resource instanceof Resource plain) {
			into.add(plain);
		}
	}

	private static <T> List<T> ofType(List<Resource> resources, Class<T> type) {
		return resources.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
