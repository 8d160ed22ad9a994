package org.ldncds.facts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.ldncds.hooks.BundleReferences;
import org.ldncds.fhir.PatientRecord;
import org.ldncds.hooks.HookContext;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.Terminology;
import org.ldncds.knowledge.TerminologyServer;

/**
 * Where FHIR becomes facts. Orders that are active or on hold and conditions that are
 * active (or recurring, or relapsed) and not refuted are current. What the patient took
 * recently by other records (ended orders, medication statements, dispenses), dated
 * observations (lab results, pregnancy and breastfeeding status) and encounter diagnoses
 * without a clinical status become facts of their own, with their dates: rules decide how
 * recent is recent enough.
 */
public final class FactMapper {

	private static final Set<MedicationRequestStatus> CURRENT_ORDER = Set.of(MedicationRequestStatus.ACTIVE,
			MedicationRequestStatus.ONHOLD);

	private static final Set<String> CURRENT_CLINICAL_STATUS = Set.of("active", "recurrence", "relapse");

	private static final Set<String> DISCARDED_VERIFICATION = Set.of("refuted", "entered-in-error");

	private static final String ENCOUNTER_DIAGNOSIS = "encounter-diagnosis";

	private final KnowledgeBase knowledge;

	private final Terminology terminology;

	private final MedicationMapper medications;

	private final Clock clock;

	private final Optional<TerminologyServer> terminologyServer;

	private final ExposureMapper exposures;

	private final ObservationMapper observations;

	private final FhirDates dates;

	public FactMapper(KnowledgeBase knowledge, Clock clock) {
		this(knowledge, clock, Optional.empty());
	}

	/**
	 * @param terminologyServer asked about condition codes the knowledge base does not
	 * hold, when there is one
	 */
	public FactMapper(KnowledgeBase knowledge, Clock clock, Optional<TerminologyServer> terminologyServer) {
		this.knowledge = knowledge;
		this.terminology = knowledge.terminology();
		this.medications = new MedicationMapper(terminology, clock);
		this.clock = clock;
		this.terminologyServer = terminologyServer;
		this.dates = new FhirDates(clock);
		this.exposures = new ExposureMapper(medications, dates);
		this.observations = new ObservationMapper(terminology, dates);
	}

	public ClinicalFacts map(HookContext context, PatientRecord record, ReviewScope scope) {
		List<MedicationRequest> drafts = context.drafts().map(FactMapper::medicationRequestsIn).orElse(List.of());
		BundleReferences references = referencesOf(context.drafts(), record);
		Map<Resource, String> selected = selectedDrafts(context);
		Set<String> draftIds = new HashSet<>();
		List<MedicationFact> facts = new ArrayList<>();
		for (MedicationRequest draft : drafts) {
			draftIds.add(BundleReferences.relativeReferenceTo(draft));
			boolean underReview = scope == ReviewScope.ALL_DRAFTS || selected.containsKey(draft);
			// A selected draft is named as the EHR selected it: suggestions then act on
			// the order by the name the EHR knows it by.
			String id = selected.getOrDefault(draft, references.referenceTo(draft));
			facts.add(medications.map(draft, id, underReview ? MedicationRole.UNDER_REVIEW : MedicationRole.OTHER_DRAFT,
					references));
		}
		record.medicationRequests()
			.stream()
			.filter((order) -> order.hasStatus() && CURRENT_ORDER.contains(order.getStatus()))
			.filter((order) -> !draftIds.contains(BundleReferences.relativeReferenceTo(order)))
			.forEach((order) -> facts
				.add(medications.map(order, references.referenceTo(order), MedicationRole.ON_RECORD, references)));
		List<ConditionFact> conditions = record.conditions()
			.stream()
			.filter(FactMapper::isCurrent)
			.map((condition) -> conditionFact(condition, references))
			.toList();
		return new ClinicalFacts(facts, conditions, indicationsOf(conditions), record.patient().map(this::patientFact),
				scope == ReviewScope.CHART, exposuresIn(record, draftIds, references),
				observationsIn(record, references), encounterDiagnosesIn(record, references));
	}

	private List<MedicationExposure> exposuresIn(PatientRecord record, Set<String> draftIds,
			BundleReferences references) {
		List<MedicationExposure> found = new ArrayList<>();
		record.medicationRequests()
			.stream()
			.filter((order) -> !draftIds.contains(BundleReferences.relativeReferenceTo(order)))
			.forEach((order) -> exposures.endedOrder(order, references).ifPresent(found::add));
		record.medicationStatements()
			.forEach((statement) -> exposures.statement(statement, references).ifPresent(found::add));
		record.medicationDispenses()
			.forEach((dispense) -> exposures.dispense(dispense, references).ifPresent(found::add));
		return found;
	}

	private List<ObservationFact> observationsIn(PatientRecord record, BundleReferences references) {
		return record.observations()
			.stream()
			.flatMap((observation) -> observations.map(observation, references).stream())
			.toList();
	}

	/**
	 * Encounter diagnoses without a clinical status, not refuted or abated, dated by the
	 * latest of their onset and recorded dates; undated ones are left out.
	 */
	private List<EncounterDiagnosis> encounterDiagnosesIn(PatientRecord record, BundleReferences references) {
		List<EncounterDiagnosis> found = new ArrayList<>();
		for (Condition condition : record.conditions()) {
			if (!isStatuslessEncounterDiagnosis(condition)) {
				continue;
			}
			List<LocalDate> days = new ArrayList<>();
			if (condition.hasOnsetDateTimeType()) {
				dates.latestDay(condition.getOnsetDateTimeType()).ifPresent(days::add);
			}
			if (condition.hasOnsetPeriod()) {
				dates.latestDay(condition.getOnsetPeriod().getStartElement()).ifPresent(days::add);
			}
			dates.latestDay(condition.getRecordedDateElement()).ifPresent(days::add);
			days.stream()
				.max(LocalDate::compareTo)
				.ifPresent((day) -> found
					.add(new EncounterDiagnosis(conditionFact(condition, references), day, dates.daysAgo(day))));
		}
		return found;
	}

	private static boolean isStatuslessEncounterDiagnosis(Condition condition) {
		boolean noStatus = condition.getClinicalStatus().getCoding().stream().noneMatch(Coding::hasCode);
		boolean encounterDiagnosis = condition.getCategory()
			.stream()
			.anyMatch((category) -> hasCode(category, Set.of(ENCOUNTER_DIAGNOSIS)));
		return noStatus && encounterDiagnosis && !condition.hasAbatement()
				&& !hasCode(condition.getVerificationStatus(), DISCARDED_VERIFICATION);
	}

	/**
	 * The facts rules get from medications, conditions and the patient: with the LDN
	 * indications the conditions document, and a chart review when the scope is the
	 * chart. Rule tests start here.
	 */
	public ClinicalFacts facts(List<MedicationFact> medications, List<ConditionFact> conditions,
			Optional<PatientFact> patient, ReviewScope scope) {
		return new ClinicalFacts(medications, conditions, indicationsOf(conditions), patient,
				scope == ReviewScope.CHART);
	}

	/** Each selected draft with the reference the EHR selected it by. */
	private static Map<Resource, String> selectedDrafts(HookContext context) {
		Map<Resource, String> selected = new IdentityHashMap<>();
		context.drafts().ifPresent((bundle) -> {
			BundleReferences drafts = BundleReferences.of(List.of(bundle));
			context.selections()
				.forEach((selection) -> drafts.resolve(selection, null)
					.ifPresent((draft) -> selected.putIfAbsent(draft, selection)));
		});
		return selected;
	}

	/** References resolve among the draft orders first, then the prefetch. */
	private static BundleReferences referencesOf(Optional<Bundle> drafts, PatientRecord record) {
		List<IBaseResource> containers = new ArrayList<>();
		drafts.ifPresent(containers::add);
		containers.addAll(record.prefetched());
		return BundleReferences.of(containers);
	}

	private List<IndicationFact> indicationsOf(List<ConditionFact> conditions) {
		return conditions.stream()
			.flatMap((condition) -> condition.valueSets().stream())
			.distinct()
			.flatMap((valueSet) -> knowledge.indication(valueSet).stream())
			.map((found) -> new IndicationFact(found.valueSetId(), found.name(), found.grade(), found.gradeDisplay(),
					found.gradeRank(), found.evidence(), found.citations(), found.advisedAgainst(),
					ConditionFact.allRecognisedByName(conditions, found.valueSetId())))
			.toList();
	}

	/**
	 * The condition's value sets by its codes and, as a last resort, by its name: the
	 * codings' displays and the text, where a negated or qualified mention ("history of
	 * breast cancer") does not count.
	 */
	private ConditionFact conditionFact(Condition condition, BundleReferences references) {
		CodeableConcept code = condition.getCode();
		Set<String> valueSets = new HashSet<>();
		Set<String> named = new HashSet<>(terminology.valueSetsAffirmedIn(code.getText()));
		for (Coding coding : code.getCoding()) {
			Set<String> byCode = terminology.valueSetsOf(coding.getSystem(), coding.getCode());
			valueSets.addAll(byCode.isEmpty() ? askTerminologyServer(coding) : byCode);
			named.addAll(terminology.valueSetsAffirmedIn(coding.getDisplay()));
		}
		named.removeAll(valueSets);
		valueSets.addAll(named);
		String name = code.hasText() ? code.getText()
				: code.getCoding()
					.stream()
					.filter(Coding::hasDisplay)
					.map(Coding::getDisplay)
					.findFirst()
					.orElse("condition");
		return new ConditionFact(references.referenceTo(condition), name, valueSets, named);
	}

	/**
	 * The project value sets a configured terminology server says hold the code; none
	 * when there is no server or it does not know.
	 */
	private Set<String> askTerminologyServer(Coding coding) {
		if (terminologyServer.isEmpty() || !coding.hasCode() || !coding.hasSystem()) {
			return Set.of();
		}
		Map<String, String> candidates = terminology.projectValueSetsHolding(coding.getSystem());
		if (candidates.isEmpty()) {
			return Set.of();
		}
		Set<String> found = new HashSet<>();
		terminologyServer.get()
			.validate(candidates.keySet(), terminology.canonicalSystem(coding.getSystem()), coding.getCode())
			.forEach((url, answer) -> {
				if (answer == TerminologyServer.Answer.MEMBER) {
					found.add(candidates.get(url));
				}
			});
		return found;
	}

	private PatientFact patientFact(Patient patient) {
		Integer age = latestPossibleBirthDate(patient)
			.map((birth) -> Period.between(birth, LocalDate.now(clock)).getYears())
			.orElse(null);
		return new PatientFact(age, patient.hasGender() ? patient.getGender().toCode() : null);
	}

	/**
	 * A birth date may be partial ("2009", "2009-05"). Taking its latest possible day
	 * errs towards the younger age, so an age limit is never missed.
	 */
	private static Optional<LocalDate> latestPossibleBirthDate(Patient patient) {
		if (!patient.hasBirthDate() || patient.getBirthDateElement().getYear() == null) {
			return Optional.empty();
		}
		DateType birth = patient.getBirthDateElement();
		return Optional.of(switch (birth.getPrecision()) {
			case YEAR -> LocalDate.of(birth.getYear(), 12, 31);
			case MONTH -> YearMonth.of(birth.getYear(), birth.getMonth() + 1).atEndOfMonth();
			default -> LocalDate.of(birth.getYear(), birth.getMonth() + 1, birth.getDay());
		});
	}

	private static boolean isCurrent(Condition condition) {
		return hasCode(condition.getClinicalStatus(), CURRENT_CLINICAL_STATUS)
				&& !hasCode(condition.getVerificationStatus(), DISCARDED_VERIFICATION);
	}

	private static boolean hasCode(CodeableConcept concept, Set<String> codes) {
		// Set.of(...).contains(null) throws: a coding without a code matches nothing.
		return concept.getCoding().stream().anyMatch((coding) -> coding.hasCode() && codes.contains(coding.getCode()));
	}

	private static List<MedicationRequest> medicationRequestsIn(Bundle bundle) {
		return bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(MedicationRequest.class::isInstance)
			.map(MedicationRequest.class::cast)
			.toList();
	}

}
