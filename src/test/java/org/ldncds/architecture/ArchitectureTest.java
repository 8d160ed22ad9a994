package org.ldncds.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's own classes keep the boundaries of docs/architecture.md. */
class ArchitectureTest {

	private static final ArchitectureRules RULES = new ArchitectureRules("org.ldncds");

	private static JavaClasses service;

	@BeforeAll
	static void importService() {
		service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("org.ldncds");
	}

	@Test
	void theProtocolDependsOnNoOtherStage() {
		RULES.protocolStandsAlone().check(service);
	}

	@Test
	void eachFloorUsesOnlyTheFloorsBelowIt() {
		RULES.floors().check(service);
	}

	@Test
	void noPackagesDependOnEachOther() {
		RULES.noCycles().check(service);
	}

	@Test
	void factsHoldNoFhirOrJson() {
		RULES.factsHoldNoFhir().check(service);
		RULES.factsReturnNoFhir().check(service);
	}

	@Test
	void theKnowledgeBaseNeedsNoSpring() {
		RULES.knowledgeIsPlainJava().check(service);
	}

}
