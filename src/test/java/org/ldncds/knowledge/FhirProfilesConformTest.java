package org.ldncds.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport.CodeValidationResult;
import ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.util.Logs;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of {@code fhir-profiles/} is valid FHIR R4 and conforms to the profiles it
 * claims, as HAPI's instance validator sees it, fully offline: the base definitions come
 * from the validation-resources jar, ours from the folder itself, and snapshots are
 * generated here, so only differentials are kept in the folder.
 */
class FhirProfilesConformTest {

	private static final Path FOLDER = Path.of("fhir-profiles");

	private static final String LDN_MEDICATION_REQUEST = "http://ldn-cds.org/fhir/StructureDefinition/ldn-medication-request";

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final String CDC_OPIOID_CDS_EXTENSIONS = "http://fhir.org/guides/cdc/opioid-cds/StructureDefinition/";

	static {
		// HAPI logs each code system it looks up at INFO: hundreds of lines per run.
		if (Logs.getTerminologyTroubleshootingLog() instanceof Logger logger) {
			logger.setLevel(Level.WARN);
		}
	}

	/** The definitions and terminology the validator works with, all offline. */
	private static final ValidationSupportChain SUPPORT = support();

	/** Built once: loading the core definitions and generating snapshots is expensive. */
	private static final FhirValidator VALIDATOR = validator(SUPPORT);

	static Stream<Path> files() {
		return jsonFiles().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("files")
	void isNamedAfterItsResourceTypeAndId(Path file) {
		IBaseResource resource = FHIR.newJsonParser().parseResource(read(file));
		String expected = FHIR.getResourceType(resource) + "-" + resource.getIdElement().getIdPart() + ".json";
		assertThat(file.getFileName()).hasToString(expected);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("files")
	void validatesWithoutErrors(Path file) {
		assertThat(errors(read(file))).as("validation errors in %s", file).isEmpty();
	}

	@Test
	void theExampleOrderConformsToTheLdnProfile() {
		MedicationRequest example = example();
		assertThat(example.getMeta().hasProfile(LDN_MEDICATION_REQUEST)).isTrue();
		assertThat(errors(encode(example))).isEmpty();
	}

	@Test
	void ldnProfileRejectsADoseInMillilitres() {
		assertThat(errorsInExampleWith((order) -> order.getDosageInstructionFirstRep()
			.getDoseAndRateFirstRep()
			.getDoseQuantity()
			.setUnit("mL")
			.setCode("mL"))).anyMatch((error) -> error.contains("doseAndRate[0].dose") && error.contains("'mL'"));
	}

	@Test
	void ldnProfileRejectsTwiceDailyTiming() {
		assertThat(errorsInExampleWith(
				(order) -> order.getDosageInstructionFirstRep().getTiming().getRepeat().setFrequency(2)))
			.anyMatch((error) -> error.contains("timing.repeat.frequency") && error.contains("'2'"));
	}

	@Test
	void ldnProfileRejectsAnOrderWithoutTimingOrDose() {
		assertThat(errorsInExampleWith((order) -> order.getDosageInstructionFirstRep().setTiming(null)))
			.anyMatch((error) -> error.contains("MedicationRequest.dosageInstruction.timing: minimum required = 1"));
		assertThat(errorsInExampleWith((order) -> order.getDosageInstructionFirstRep().setDoseAndRate(null))).anyMatch(
				(error) -> error.contains("MedicationRequest.dosageInstruction.doseAndRate: minimum required = 1"));
		assertThat(errorsInExampleWith((order) -> order.setDosageInstruction(null)))
			.anyMatch((error) -> error.contains("MedicationRequest.dosageInstruction: minimum required = 1"));
	}

	@Test
	void codesOfExternalCodeSystemsAreWarnedAboutNotRejected() {
		MedicationRequest order = example();
		order.getMedicationCodeableConcept()
			.addCoding()
			.setSystem("http://www.nlm.nih.gov/research/umls/rxnorm")
			.setCode("1483744")
			.setDisplay("naltrexone hydrochloride 50 MG Oral Tablet");
		order.addReasonCode()
			.addCoding()
			.setSystem("http://hl7.org/fhir/sid/icd-10-cm")
			.setCode("M79.7")
			.setDisplay("Fibromyalgia");
		List<SingleValidationMessage> messages = VALIDATOR.validateWithResult(encode(order)).getMessages();
		assertThat(messages).noneMatch((message) -> message.getSeverity() == ResultSeverityEnum.ERROR
				|| message.getSeverity() == ResultSeverityEnum.FATAL);
		assertThat(messages).filteredOn((message) -> message.getSeverity() == ResultSeverityEnum.WARNING)
			.extracting(SingleValidationMessage::getMessage)
			.anyMatch((message) -> message.contains("rxnorm#1483744 not checked"))
			.anyMatch((message) -> message.contains("icd-10-cm#M79.7 not checked"));
	}

	@Test
	void ourExtensionsAreEnforcedInValueSets() {
		String valueSet = read(FOLDER.resolve("ValueSet-ldn-indication-sle.json"));
		assertThat(errors(valueSet.replace("\"valueCode\": \"theoretical\"", "\"valueCode\": \"very-strong\"")))
			.anyMatch((error) -> error.contains("very-strong"));
		assertThat(errors(
				valueSet.replace("StructureDefinition/ldn-evidence-grade", "StructureDefinition/ldn-evidence-grad")))
			.anyMatch((error) -> error.contains("ldn-evidence-grad"));
	}

	@Test
	void extensionDefinitionsAreChecked() {
		String definition = read(FOLDER.resolve("StructureDefinition-text-match-term.json"));
		assertThat(errors(definition.replace("\"expression\": \"ValueSet\"", "\"expression\": \"ValueSat\"")))
			.anyMatch((error) -> error.contains("ValueSat"));
	}

	/**
	 * The validator does not look inside a value set's compose without a terminology
	 * server, so this does it: each included code system is one we have or one our
	 * NamingSystems name, each listed code of a code system we have exists, and each
	 * included value set is ours.
	 */
	@Test
	void valueSetsIncludeOnlyKnownSystemsCodesAndValueSets() {
		ValidationSupportContext context = new ValidationSupportContext(SUPPORT);
		List<String> problems = new ArrayList<>();
		for (Path file : jsonFiles()) {
			if (!(FHIR.newJsonParser().parseResource(read(file)) instanceof ValueSet valueSet)) {
				continue;
			}
			List<ConceptSetComponent> includes = valueSet.getCompose().getInclude();
			for (int i = 0; i < includes.size(); i++) {
				ConceptSetComponent include = includes.get(i);
				String where = file + " at ValueSet.compose.include[" + i + "]";
				include.getValueSet()
					.stream()
					.filter((imported) -> SUPPORT.fetchValueSet(imported.getValue()) == null)
					.forEach((imported) -> problems.add(where + ": unknown value set " + imported.getValue()));
				String system = include.getSystem();
				if (system == null) {
					continue;
				}
				if (SUPPORT.fetchCodeSystem(system) == null && !SUPPORT.isCodeSystemSupported(context, system)) {
					problems.add(where + ": unknown code system " + system);
					continue;
				}
				List<ConceptReferenceComponent> concepts = include.getConcept();
				for (int j = 0; j < concepts.size(); j++) {
					ConceptReferenceComponent concept = concepts.get(j);
					CodeValidationResult result = SUPPORT.validateCode(context, new ConceptValidationOptions(), system,
							concept.getCode(), concept.getDisplay(), null);
					if (result == null || result.getSeverity() == IssueSeverity.ERROR
							|| result.getSeverity() == IssueSeverity.FATAL) {
						problems.add(where + ".concept[" + j + "]: " + ((result != null) ? result.getMessage()
								: "code " + concept.getCode() + " not found"));
					}
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	private static MedicationRequest example() {
		return FHIR.newJsonParser()
			.parseResource(MedicationRequest.class, read(FOLDER.resolve("MedicationRequest-ldn-example.json")));
	}

	private static List<String> errorsInExampleWith(Consumer<MedicationRequest> change) {
		MedicationRequest order = example();
		change.accept(order);
		return errors(encode(order));
	}

	private static String encode(Resource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}

	/**
	 * Errors and fatal errors only, each with its location and message; warnings and
	 * information are allowed.
	 */
	private static List<String> errors(String json) {
		return VALIDATOR.validateWithResult(json)
			.getMessages()
			.stream()
			.filter((message) -> message.getSeverity() == ResultSeverityEnum.ERROR
					|| message.getSeverity() == ResultSeverityEnum.FATAL)
			.map(FhirProfilesConformTest::describe)
			.toList();
	}

	private static String describe(SingleValidationMessage message) {
		return message.getSeverity() + " at " + message.getLocationString() + ": " + message.getMessage();
	}

	private static ValidationSupportChain support() {
		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(FHIR);
		Set<String> externalSystems = new HashSet<>();
		for (Path file : jsonFiles()) {
			IBaseResource resource = FHIR.newJsonParser().parseResource(read(file));
			if (resource instanceof StructureDefinition) {
				ours.addStructureDefinition(resource);
			}
			else if (resource instanceof ValueSet) {
				ours.addValueSet(resource);
			}
			else if (resource instanceof CodeSystem) {
				ours.addCodeSystem(resource);
			}
			else if (resource instanceof NamingSystem namingSystem) {
				externalSystems.addAll(systemUris(namingSystem));
			}
		}
		return new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR), ours,
				new SnapshotGeneratingValidationSupport(FHIR), new InMemoryTerminologyServerValidationSupport(FHIR),
				new CommonCodeSystemsTerminologyService(FHIR), new NotAvailableOffline(FHIR, externalSystems));
	}

	private static FhirValidator validator(ValidationSupportChain chain) {
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		// Unknown extensions are errors: a misspelt extension URL must not pass silently.
		module.setAnyExtensionsAllowed(false);
		// Except the CDC Opioid CDS IG's own extensions, kept as published in the
		// copies of its value sets (their definitions are in that IG, not here).
		module.setCustomExtensionDomains(CDC_OPIOID_CDS_EXTENSIONS);
		module.setWrappedWorkerContext(chain, new R4WorkerContext(chain));
		FhirValidator validator = FHIR.newValidator();
		validator.registerValidatorModule(module);
		return validator;
	}

	/** The Coding.system forms of a NamingSystem: its URIs and its OIDs as urn:oid. */
	private static Set<String> systemUris(NamingSystem namingSystem) {
		Set<String> uris = new HashSet<>();
		for (NamingSystem.NamingSystemUniqueIdComponent id : namingSystem.getUniqueId()) {
			switch (id.getType()) {
				case URI -> uris.add(id.getValue());
				case OID -> uris.add("urn:oid:" + id.getValue());
				default -> {
				}
			}
		}
		return uris;
	}

	private static List<Path> jsonFiles() {
		try (Stream<Path> files = Files.walk(FOLDER)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The external code systems our NamingSystems name (RxNorm, SNOMED CT, ICD-10-CM,
	 * LOINC) exist, but their content is not available offline. Their codes are reported
	 * as not checked (a warning) instead of as unknown. Only these systems: any other
	 * unknown system is left to the validator, and membership of a code in a value set
	 * (bindings) is not answered here.
	 */
	static final class NotAvailableOffline implements IValidationSupport {

		private final FhirContext fhirContext;

		private final Set<String> systems;

		NotAvailableOffline(FhirContext fhirContext, Set<String> systems) {
			this.fhirContext = fhirContext;
			this.systems = Set.copyOf(systems);
		}

		@Override
		public FhirContext getFhirContext() {
			return this.fhirContext;
		}

		@Override
		public String getName() {
			return "External code systems not available offline";
		}

		@Override
		public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
			return this.systems.contains(system);
		}

		@Override
		public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options,
				String system, String code, String display, String valueSetUrl) {
			if (!this.systems.contains(system) || (valueSetUrl != null && !valueSetUrl.isBlank())) {
				return null;
			}
			String message = "Code " + system + "#" + code + " not checked: the code system is not available offline";
			return new CodeValidationResult().setCode(code)
				.setDisplay(display)
				.setSeverity(IssueSeverity.WARNING)
				.setMessage(message)
				.addIssue(new CodeValidationIssue(message, IssueSeverity.WARNING, CodeValidationIssueCode.NOT_FOUND,
						CodeValidationIssueCoding.NOT_FOUND));
		}

	}

	/**
	 * HAPI's worker context reports its FHIR version as "4.0.1". The validator of
	 * org.hl7.fhir.validation 6.7.9 compares it with "4.0" when it checks the context of
	 * an extension definition, finds no match, and tries to download the hl7.fhir.r4.core
	 * package, which fails offline ("Unable to resolve package id hl7.fhir.r4.core#null")
	 * and skips the checks of the definition. Reporting "4.0" makes it use the
	 * definitions it already has.
	 */
	static final class R4WorkerContext extends WorkerContextValidationSupportAdapter {

		R4WorkerContext(IValidationSupport validationSupport) {
			super(validationSupport);
		}

		@Override
		public String getVersion() {
			return "4.0";
		}

	}

}
