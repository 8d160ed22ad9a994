package org.ldncds.hooks;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * FHIR's rules for resolving references inside a Bundle, on Bundles parsed as the service
 * parses them (each entry keeps its own id).
 */
class BundleReferencesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void findsAUrnUuidEntryByItsFullUrlAndByTypeAndId() {
		Bundle bundle = bundle("""
				{"fullUrl": "urn:uuid:6f2b1c9a-0d3e-4b5f-8a7c-1e2d3f4a5b6c",
				 "resource": {"resourceType": "Medication", "id": "6f2b1c9a-0d3e-4b5f-8a7c-1e2d3f4a5b6c"}}""");
		BundleReferences references = BundleReferences.of(List.of(bundle));
		assertThat(references.resolve("urn:uuid:6f2b1c9a-0d3e-4b5f-8a7c-1e2d3f4a5b6c", null))
			.containsSame(entry(bundle, 0));
		assertThat(references.resolve("Medication/6f2b1c9a-0d3e-4b5f-8a7c-1e2d3f4a5b6c", null))
			.containsSame(entry(bundle, 0));
		assertThat(references.resolve("MedicationRequest/6f2b1c9a-0d3e-4b5f-8a7c-1e2d3f4a5b6c", null)).isEmpty();
	}

	@Test
	void namesAnEntryWithoutIdByItsFullUrl() {
		Bundle bundle = bundle("""
				{"fullUrl": "urn:uuid:6f2b1c9a-0d3e-4b5f-8a7c-1e2d3f4a5b6c",
				 "resource": {"resourceType": "MedicationRequest", "status": "draft", "intent": "order"}}""");
		BundleReferences references = BundleReferences.of(List.of(bundle));
		assertThat(references.referenceTo(entry(bundle, 0))).isEqualTo("urn:uuid:6f2b1c9a-0d3e-4b5f-8a7c-1e2d3f4a5b6c");
	}

	@Test
	void resolvesARelativeReferenceOnTheBaseOfTheReferringEntry() {
		Bundle bundle = bundle("""
				{"fullUrl": "https://ehr.example.org/r4/MedicationRequest/1",
				 "resource": {"resourceType": "MedicationRequest", "id": "1", "status": "active", "intent": "order",
				  "medicationReference": {"reference": "Medication/7"}}}""", """
				{"fullUrl": "https://ehr.example.org/r4/Medication/7", "resource": {"resourceType": "Medication"}}""");
		BundleReferences references = BundleReferences.of(List.of(bundle));
		MedicationRequest order = (MedicationRequest) entry(bundle, 0);
		assertThat(references.resolve("Medication/7", order)).containsSame(entry(bundle, 1));
		assertThat(references.resolve("https://ehr.example.org/r4/Medication/7", order)).containsSame(entry(bundle, 1));
		assertThat(references.resolve("https://other.example.org/r4/Medication/7", order)).isEmpty();
	}

	@Test
	void resolvesAVersionedReferenceToTheEntryOfThatVersionAndRefusesAnother() {
		Bundle bundle = bundle("""
				{"fullUrl": "https://ehr.example.org/fhir/Medication/1",
				 "resource": {"resourceType": "Medication", "id": "1", "meta": {"versionId": "2"}}}""");
		BundleReferences references = BundleReferences.of(List.of(bundle));
		assertThat(references.resolve("Medication/1/_history/2", null)).containsSame(entry(bundle, 0));
		assertThat(references.resolve("https://ehr.example.org/fhir/Medication/1/_history/2", null))
			.containsSame(entry(bundle, 0));
		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> references.resolve("Medication/1/_history/3", null))
			.withMessage(
					"the reference Medication/1/_history/3 names version 3, but the request holds version 2 of it");
	}

	@Test
	void resolvesAContainedResource() {
		Bundle bundle = bundle("""
				{"resource": {"resourceType": "MedicationRequest", "id": "1", "status": "draft", "intent": "order",
				  "contained": [{"resourceType": "Medication", "id": "ldn"}],
				  "medicationReference": {"reference": "#ldn"}}}""");
		MedicationRequest order = (MedicationRequest) entry(bundle, 0);
		assertThat(BundleReferences.of(List.of(bundle)).resolve("#ldn", order))
			.hasValueSatisfying((found) -> assertThat(found).isInstanceOf(Medication.class));
		assertThat(BundleReferences.of(List.of(bundle)).resolve("#other", order)).isEmpty();
	}

	@Test
	void prefersTheReferringBundleAndRefusesDisagreeingMatchesElsewhere() {
		Bundle drafts = bundle("""
				{"resource": {"resourceType": "MedicationRequest", "id": "d", "status": "draft", "intent": "order",
				  "medicationReference": {"reference": "Medication/m"}}}""", """
				{"resource": {"resourceType": "Medication", "id": "m", "code": {"text": "naltrexone 4.5 mg"}}}""");
		Bundle search = bundle("""
				{"resource": {"resourceType": "Medication", "id": "m", "code": {"text": "oxycodone 5 mg"}}}""");
		Bundle other = bundle("""
				{"resource": {"resourceType": "Medication", "id": "m", "code": {"text": "morphine 10 mg"}}}""");
		BundleReferences references = BundleReferences.of(List.of(drafts, search, other));
		assertThat(references.resolve("Medication/m", entry(drafts, 0))).containsSame(entry(drafts, 1));
		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> BundleReferences.of(List.of(search, other)).resolve("Medication/m", null))
			.withMessageContaining("Medication/m matches two different resources");
		Bundle same = bundle("""
				{"resource": {"resourceType": "Medication", "id": "m", "code": {"text": "oxycodone 5 mg"}}}""");
		assertThat(BundleReferences.of(List.of(search, same)).resolve("Medication/m", null)).isPresent();
	}

	@Test
	void findsTwoEntriesForOneResource() {
		assertThat(BundleReferences.duplicateIn(bundle("""
				{"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Medication"}}""", """
				{"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Medication"}}""")))
			.contains("entries 0 and 1 are both urn:uuid:1");
		assertThat(BundleReferences.duplicateIn(bundle(
				"""
						{"fullUrl": "https://a.example.org/fhir/Medication/1", "resource": {"resourceType": "Medication", "id": "1"}}""",
				"""
						{"fullUrl": "https://b.example.org/fhir/Medication/1", "resource": {"resourceType": "Medication", "id": "1"}}""")))
			.contains("entries 0 and 1 are both Medication/1");
		assertThat(BundleReferences.duplicateIn(bundle("""
				{"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Medication", "id": "1"}}""", """
				{"fullUrl": "urn:uuid:2", "resource": {"resourceType": "MedicationRequest", "id": "1"}}"""))).isEmpty();
	}

	private static Resource entry(Bundle bundle, int index) {
		return bundle.getEntry().get(index).getResource();
	}

	private static Bundle bundle(String... entries) {
		IParser parser = FHIR.newJsonParser();
		parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
		return parser.parseResource(Bundle.class,
				"{\"resourceType\": \"Bundle\", \"entry\": [" + String.join(",", entries) + "]}");
	}

}
