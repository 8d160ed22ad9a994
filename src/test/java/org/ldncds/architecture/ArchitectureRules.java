package org.ldncds.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package boundaries that docs/architecture.md draws, as rules over a root package:
 * {@code org.ldncds} for the service, another root for the test that shows each rule
 * failing.
 */
final class ArchitectureRules {

	/** Libraries whose types must never reach the rules: FHIR models and JSON trees. */
	private static final String[] FHIR_AND_JSON = { "org.hl7..", "ca.uhn..", "com.fasterxml.." };

	private final String root;

	ArchitectureRules(String root) {
		this.root = root;
	}

	private String pkg(String name) {
		return root + "." + name + "..";
	}

	/**
	 * The protocol (CDS Hooks wire types, parser, controller) is the ground every stage
	 * stands on: it knows no clinical concept and no other stage.
	 */
	ArchRule protocolStandsAlone() {
		return noClasses().that()
			.resideInAPackage(pkg("hooks"))
			.should()
			.dependOnClassesThat(
					resideInAPackage(root + "..").and(DescribedPredicate.not(resideInAPackage(pkg("hooks")))))
			.because("the protocol is the ground floor: every stage depends on it, it depends on none");
	}

	/** Each floor uses only the floors below it; the composition root wires them. */
	ArchRule floors() {
		return Architectures.layeredArchitecture()
			.consideringOnlyDependenciesInLayers()
			.layer("Protocol")
			.definedBy(pkg("hooks"))
			.layer("Web")
			.definedBy(pkg("web"))
			.layer("Calls")
			.definedBy(pkg("calls"))
			.layer("Fhir")
			.definedBy(pkg("fhir"))
			.layer("Knowledge")
			.definedBy(pkg("knowledge"))
			.layer("Facts")
			.definedBy(pkg("facts"))
			.layer("Rules")
			.definedBy(pkg("rules"))
			.layer("Cards")
			.definedBy(pkg("cards"))
			.layer("Audit")
			.definedBy(pkg("audit"))
			.layer("Feedback")
			.definedBy(pkg("feedback"))
			.layer("Analytics")
			.definedBy(pkg("analytics"))
			.layer("Security")
			.definedBy(pkg("security"))
			.layer("Composition")
			.definedBy(pkg("ldn"))
			.whereLayer("Protocol")
			.mayNotAccessAnyLayer()
			.whereLayer("Knowledge")
			.mayNotAccessAnyLayer()
			.whereLayer("Web")
			.mayOnlyAccessLayers("Protocol")
			.whereLayer("Calls")
			.mayOnlyAccessLayers("Protocol")
			.whereLayer("Fhir")
			.mayOnlyAccessLayers("Protocol", "Knowledge")
			.whereLayer("Facts")
			.mayOnlyAccessLayers("Protocol", "Fhir", "Knowledge")
			.whereLayer("Rules")
			.mayOnlyAccessLayers("Knowledge", "Facts")
			.whereLayer("Cards")
			.mayOnlyAccessLayers("Protocol", "Knowledge", "Facts", "Rules")
			.whereLayer("Audit")
			.mayOnlyAccessLayers("Protocol", "Calls", "Knowledge")
			.whereLayer("Feedback")
			.mayOnlyAccessLayers("Protocol", "Audit")
			.whereLayer("Analytics")
			.mayOnlyAccessLayers("Protocol", "Knowledge", "Audit")
			.whereLayer("Security")
			.mayOnlyAccessLayers("Protocol", "Web")
			.whereLayer("Composition")
			.mayNotBeAccessedByAnyLayer();
	}

	/** No two packages depend on each other, however indirectly. */
	ArchRule noCycles() {
		return slices().matching(root + ".(*)..").should().beFreeOfCycles();
	}

	/**
	 * What the rules see holds no FHIR or JSON object: a fact's fields are plain values
	 * and other facts. (The mappers in the same package read FHIR; they are not facts.)
	 */
	ArchRule factsHoldNoFhir() {
		return fields().that()
			.areDeclaredInClassesThat(facts())
			.should()
			.notHaveRawType(resideInAnyPackage(FHIR_AND_JSON))
			.because("rules read typed facts, never FHIR resources or JSON")
			.allowEmptyShould(true);
	}

	/** Nor does any fact hand one out. */
	ArchRule factsReturnNoFhir() {
		return methods().that()
			.areDeclaredInClassesThat(facts())
			.and()
			.arePublic()
			.should()
			.notHaveRawReturnType(resideInAnyPackage(FHIR_AND_JSON))
			.because("rules read typed facts, never FHIR resources or JSON")
			.allowEmptyShould(true);
	}

	/**
	 * The knowledge base is plain Java: no Spring container in it (reading files through
	 * Spring's resource abstraction aside), so that tests and tools load it without one.
	 */
	ArchRule knowledgeIsPlainJava() {
		return noClasses().that()
			.resideInAPackage(pkg("knowledge"))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.context..", "org.springframework.beans..",
					"org.springframework.boot..", "org.springframework.stereotype..", "org.springframework.web..")
			.because("knowledge loads and checks without Spring (tests, tools, hot reload)");
	}

	/** Records and enums of the facts package: what is inserted into the rule session. */
	private DescribedPredicate<JavaClass> facts() {
		return DescribedPredicate.describe("facts (records and enums in " + pkg("facts") + ")",
				(javaClass) -> javaClass.getPackageName().startsWith(root + ".facts")
						&& (javaClass.isRecord() || javaClass.isEnum()));
	}

}
