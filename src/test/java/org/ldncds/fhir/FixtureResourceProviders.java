package org.ldncds.fhir;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * HAPI resource providers answering the queries of the LDN services' prefetch templates
 * from {@link FixtureResources}: reads of Patient and Medication, and searches of
 * MedicationRequest (by patient and status, with {@code _include} of the medication),
 * Condition (by patient, clinical status and category), MedicationStatement and
 * MedicationDispense (by patient and status) and Observation (by patient and code).
 */
final class FixtureResourceProviders {

	static final String INCLUDE_MEDICATION = "MedicationRequest:medication";

	private FixtureResourceProviders() {
	}

	static List<IResourceProvider> all(FixtureResources resources) {
		return List.of(new PatientProvider(resources), new MedicationProvider(resources),
				new MedicationRequestProvider(resources), new ConditionProvider(resources),
				new MedicationStatementProvider(resources), new MedicationDispenseProvider(resources),
				new ObservationProvider(resources));
	}

	private static <T extends Resource> T read(FixtureResources resources, Class<T> type, IdType id) {
		return resources.read(type, id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id));
	}

	private static boolean isFor(ReferenceParam patient, Reference subject) {
		return subject.getReferenceElement().getIdPart() != null
				&& subject.getReferenceElement().getIdPart().equals(patient.getIdPart());
	}

	/** True when no codes are asked for, or the code is one of them. */
	private static boolean matches(TokenOrListParam codes, String code) {
		return codes == null || codes.getValuesAsQueryTokens()
			.stream()
			.map(TokenParam::getValue)
			.anyMatch((value) -> value.equals(code));
	}

	private static boolean matches(TokenOrListParam codes, CodeableConcept concept) {
		return codes == null || concept.getCoding().stream().anyMatch((coding) -> matches(codes, coding.getCode()));
	}

	public static final class PatientProvider implements IResourceProvider {

		private final FixtureResources resources;

		PatientProvider(FixtureResources resources) {
			this.resources = resources;
		}

		@Override
		public Class<Patient> getResourceType() {
			return Patient.class;
		}

		@Read
		public Patient read(@IdParam IdType id) {
			return FixtureResourceProviders.read(resources, Patient.class, id);
		}

	}

	public static final class MedicationProvider implements IResourceProvider {

		private final FixtureResources resources;

		MedicationProvider(FixtureResources resources) {
			this.resources = resources;
		}

		@Override
		public Class<Medication> getResourceType() {
			return Medication.class;
		}

		@Read
		public Medication read(@IdParam IdType id) {
			return FixtureResourceProviders.read(resources, Medication.class, id);
		}

	}

	public static final class MedicationRequestProvider implements IResourceProvider {

		private final FixtureResources resources;

		MedicationRequestProvider(FixtureResources resources) {
			this.resources = resources;
		}

		@Override
		public Class<MedicationRequest> getResourceType() {
			return MedicationRequest.class;
		}

		@Read
		public MedicationRequest read(@IdParam IdType id) {
			return FixtureResourceProviders.read(resources, MedicationRequest.class, id);
		}

		/**
		 * HAPI adds a referenced resource to the answer as an include when the reference
		 * holds it: it is put there only when the request asks for the include.
		 */
		@Search
		public List<MedicationRequest> search(
				@RequiredParam(name = MedicationRequest.SP_PATIENT) ReferenceParam patient,
				@OptionalParam(name = MedicationRequest.SP_STATUS) TokenOrListParam status,
				@IncludeParam(allow = INCLUDE_MEDICATION) Set<Include> includes) {
			boolean includeMedication = includes != null
					&& includes.stream().anyMatch((include) -> INCLUDE_MEDICATION.equals(include.getValue()));
			List<MedicationRequest> found = resources.all(MedicationRequest.class)
				.stream()
				.filter((order) -> isFor(patient, order.getSubject()))
				.filter((order) -> order.hasStatus() && matches(status, order.getStatus().toCode()))
				.toList();
			if (includeMedication) {
				found.stream()
					.filter(MedicationRequest::hasMedicationReference)
					.map(MedicationRequest::getMedicationReference)
					.forEach(
							(reference) -> resources.read(Medication.class, reference.getReferenceElement().getIdPart())
								.ifPresent(reference::setResource));
			}
			return found;
		}

	}

	public static final class ConditionProvider implements IResourceProvider {

		private final FixtureResources resources;

		ConditionProvider(FixtureResources resources) {
			this.resources = resources;
		}

		@Override
		public Class<Condition> getResourceType() {
			return Condition.class;
		}

		@Search
		public List<Condition> search(@RequiredParam(name = Condition.SP_PATIENT) ReferenceParam patient,
				@OptionalParam(name = Condition.SP_CLINICAL_STATUS) TokenOrListParam clinicalStatus,
				@OptionalParam(name = Condition.SP_CATEGORY) TokenOrListParam category) {
			return resources.all(Condition.class)
				.stream()
				.filter((condition) -> isFor(patient, condition.getSubject()))
				.filter((condition) -> matches(clinicalStatus, condition.getClinicalStatus()))
				.filter((condition) -> category == null
						|| condition.getCategory().stream().anyMatch((each) -> matches(category, each)))
				.toList();
		}

	}

	public static final class MedicationStatementProvider implements IResourceProvider {

		private final FixtureResources resources;

		MedicationStatementProvider(FixtureResources resources) {
			this.resources = resources;
		}

		@Override
		public Class<MedicationStatement> getResourceType() {
			return MedicationStatement.class;
		}

		@Search
		public List<MedicationStatement> search(
				@RequiredParam(name = MedicationStatement.SP_PATIENT) ReferenceParam patient,
				@OptionalParam(name = MedicationStatement.SP_STATUS) TokenOrListParam status,
				@IncludeParam(allow = "MedicationStatement:medication") Set<Include> includes) {
			return resources.all(MedicationStatement.class)
				.stream()
				.filter((statement) -> isFor(patient, statement.getSubject()))
				.filter((statement) -> statement.hasStatus() && matches(status, statement.getStatus().toCode()))
				.toList();
		}

	}

	public static final class MedicationDispenseProvider implements IResourceProvider {

		private final FixtureResources resources;

		MedicationDispenseProvider(FixtureResources resources) {
			this.resources = resources;
		}

		@Override
		public Class<MedicationDispense> getResourceType() {
			return MedicationDispense.class;
		}

		@Search
		public List<MedicationDispense> search(
				@RequiredParam(name = MedicationDispense.SP_PATIENT) ReferenceParam patient,
				@OptionalParam(name = MedicationDispense.SP_STATUS) TokenOrListParam status,
				@IncludeParam(allow = "MedicationDispense:medication") Set<Include> includes) {
			return resources.all(MedicationDispense.class)
				.stream()
				.filter((dispense) -> isFor(patient, dispense.getSubject()))
				.filter((dispense) -> dispense.hasStatus() && matches(status, dispense.getStatus().toCode()))
				.toList();
		}

	}

	public static final class ObservationProvider implements IResourceProvider {

		private final FixtureResources resources;

		ObservationProvider(FixtureResources resources) {
			this.resources = resources;
		}

		@Override
		public Class<Observation> getResourceType() {
			return Observation.class;
		}

		@Search
		public List<Observation> search(@RequiredParam(name = Observation.SP_PATIENT) ReferenceParam patient,
				@OptionalParam(name = Observation.SP_CODE) TokenOrListParam code) {
			return resources.all(Observation.class)
				.stream()
				.filter((observation) -> isFor(patient, observation.getSubject()))
				.filter((observation) -> matches(code, observation.getCode()))
				.toList();
		}

	}

}
