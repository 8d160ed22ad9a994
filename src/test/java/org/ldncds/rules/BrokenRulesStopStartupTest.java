package org.ldncds.rules;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.LdnCdsApplication;
import org.ldncds.knowledge.KnowledgeCheckException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pharmacist who breaks a rule or a card template in an external rules folder must
 * learn where from the startup failure, not from a silently missing card.
 */
class BrokenRulesStopStartupTest {

	/** A rule that gives no card. */
	private static final String RULE_OUTSIDE_THE_JAR = """
			package ldn;

			rule "A rule kept outside the jar"
			when
			    String()
			then
			end
			""";

	@Test
	void aBrokenDrlFileStopsStartupNamingTheFileAndLine(@TempDir Path rules) throws Exception {
		Path file = rules.resolve("ldn").resolve("dose.drl");
		Files.createDirectories(file.getParent());
		Files.writeString(file, """
				package ldn;

				rule "Unfinished"
				when
				    $x : NoSuchFact( )
				then
				end
				""");
		SpringApplication application = new SpringApplication(LdnCdsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatThrownBy(() -> application.run("--ldn.rules.location=" + rules.toUri()))
			.hasRootCauseInstanceOf(RuleCompilationException.class)
			.rootCause()
			.hasMessageContaining("ldn/dose.drl:5:")
			.hasMessageContaining("NoSuchFact");
	}

	@Test
	void aCardTemplateNamingACitationThatDoesNotExistStopsStartupNamingTheFileAndLine(@TempDir Path rules)
			throws Exception {
		Path drl = rules.resolve("ldn").resolve("dose.drl");
		Files.createDirectories(drl.getParent());
		Files.writeString(drl, """
				package ldn;

				import org.ldncds.facts.Advice;
				import org.ldncds.facts.MedicationFact;

				rule "Any order under review gets a card"
				when
				    $order : MedicationFact( underReview )
				then
				    insert(Advice.of("any-order").about($order).with("order", $order).build());
				end
				""");
		Path template = rules.resolve("cards").resolve("any-order.md");
		Files.createDirectories(template.getParent());
		Files.writeString(template, """
				---
				indicator: info
				summary: {order} is under review
				citations: no-such-source
				---
				Detail.
				""");
		SpringApplication application = new SpringApplication(LdnCdsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatThrownBy(() -> application.run("--ldn.rules.location=" + rules.toUri()))
			.hasRootCauseInstanceOf(KnowledgeCheckException.class)
			.rootCause()
			.hasMessageContaining("cards/any-order.md:4: citation 'no-such-source' is not in the evidence Library");
	}

	/**
	 * Rules kept outside the jar are checked against their own scenarios at startup: here
	 * one quiet scenario, since the only rule gives no card.
	 */
	@Test
	void rulesAreReadFromAnExternalFolderWhenConfigured(@TempDir Path rules, @TempDir Path scenarios) throws Exception {
		Files.copy(Path.of("src/test/resources/scenarios/dose/standard-50-mg-dose-gets-no-ldn-cards.json"),
				scenarios.resolve("quiet.json"));
		Files.writeString(rules.resolve("only.drl"), RULE_OUTSIDE_THE_JAR);
		SpringApplication application = new SpringApplication(LdnCdsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (var context = application.run("--ldn.rules.location=" + rules.toUri(),
				"--ldn.knowledge.scenarios-location=" + scenarios.toUri())) {
			assertThat(context.getBean(RuleBase.class).ruleNames()).containsExactly("A rule kept outside the jar");
		}
	}

	@Test
	void rulesOutsideTheJarThatFailTheScenariosStopStartupNamingThem(@TempDir Path rules) throws Exception {
		Files.writeString(rules.resolve("only.drl"), RULE_OUTSIDE_THE_JAR);
		SpringApplication application = new SpringApplication(LdnCdsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);

		assertThatThrownBy(() -> application.run("--ldn.rules.location=" + rules.toUri()))
			.hasStackTraceContaining("The knowledge does not pass its scenarios: ")
			.hasStackTraceContaining("knowledge scenarios at classpath:scenarios/ get other cards")
			.hasStackTraceContaining("expects [warning: ");
	}

}
