package org.ldncds.rules;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.LdnCdsApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pharmacist who breaks a rule in an external rules folder must learn where from the
 * startup failure, not from a silently missing card.
 */
class BrokenRulesStopStartupTest {

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
	void rulesAreReadFromAnExternalFolderWhenConfigured(@TempDir Path rules) throws Exception {
		Files.writeString(rules.resolve("only.drl"), """
				package ldn;

				rule "A rule kept outside the jar"
				when
				    String()
				then
				end
				""");
		SpringApplication application = new SpringApplication(LdnCdsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (var context = application.run("--ldn.rules.location=" + rules.toUri())) {
			assertThat(context.getBean(RuleBase.class).ruleNames()).containsExactly("A rule kept outside the jar");
		}
	}

}
