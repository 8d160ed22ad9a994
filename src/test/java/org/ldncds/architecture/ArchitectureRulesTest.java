package org.ldncds.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each architecture rule, shown failing on a small tree built to break it
 * ({@code org.ldncds.architecture.broken}), and passing on a tree that keeps it: a rule
 * that cannot fail would prove nothing about the service.
 */
class ArchitectureRulesTest {

	private static final String BROKEN = "org.ldncds.architecture.broken";

	private static final ArchitectureRules RULES = new ArchitectureRules(BROKEN);

	private static JavaClasses broken;

	@BeforeAll
	static void importBrokenTree() {
		broken = new ClassFileImporter().importPackages(BROKEN);
	}

	@Test
	void aWireTypeThatNamesAFactBreaksTheProtocolRule() {
		assertViolated(RULES.protocolStandsAlone(), "broken.hooks.CardWithFact", "broken.facts.PlainFact");
	}

	@Test
	void theProtocolUsingAFactIsAlsoAFloorViolation() {
		assertViolated(RULES.floors(), "broken.hooks.CardWithFact");
	}

	@Test
	void rulesCallingCardsIsAFloorViolationAndACycle() {
		assertViolated(RULES.floors(), "broken.rules.RuleThatMakesCards");
		assertViolated(RULES.noCycles(), "broken.cards", "broken.rules");
	}

	@Test
	void aFactHoldingAFhirResourceIsRefused() {
		assertViolated(RULES.factsHoldNoFhir(), "broken.facts.FactWithPatient.patient");
	}

	@Test
	void aFactHandingOutJsonIsRefused() {
		assertViolated(RULES.factsReturnNoFhir(), "broken.facts.FactWithPatient.asJson()");
	}

	@Test
	void springInTheKnowledgeBaseIsRefused() {
		assertViolated(RULES.knowledgeIsPlainJava(), "broken.knowledge.SpringManagedValueSets");
	}

	@Test
	void aTreeThatKeepsTheRulesPasses() {
		JavaClasses sound = new ClassFileImporter().importClasses(org.ldncds.architecture.broken.facts.PlainFact.class,
				org.ldncds.architecture.broken.knowledge.PlainValueSets.class);

		for (ArchRule rule : new ArchRule[] { RULES.protocolStandsAlone(), RULES.floors(), RULES.noCycles(),
				RULES.factsHoldNoFhir(), RULES.factsReturnNoFhir(), RULES.knowledgeIsPlainJava() }) {
			assertThat(rule.allowEmptyShould(true).evaluate(sound).hasViolation()).as(rule.getDescription()).isFalse();
		}
	}

	private static void assertViolated(ArchRule rule, String... named) {
		EvaluationResult result = rule.evaluate(broken);
		assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
		String report = result.getFailureReport().toString();
		for (String name : named) {
			assertThat(report).contains(name);
		}
	}

}
