package org.ldncds.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.knowledge.KnowledgeFolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleBaseTest {

	private static final String COUNTING_RULE = """
			package test;

			rule "Every string gets a length"
			when
			    $text : String()
			then
			    insert(Integer.valueOf($text.length()));
			end
			""";

	@Test
	void reportsFileLineAndMessageOfARuleThatDoesNotCompile() {
		String broken = """
				package test;

				rule "Broken"
				when
				    $text : String( nosuchfield == 1 )
				then
				    insert($text);
				end
				""";
		assertThatThrownBy(() -> RuleBase
			.compile(List.of(new RuleSource("good.drl", COUNTING_RULE), new RuleSource("ldn/broken.drl", broken))))
			.isInstanceOf(RuleCompilationException.class)
			.hasMessageContaining("ldn/broken.drl:5:")
			.hasMessageContaining("nosuchfield");
	}

	@Test
	void refusesAnEmptyRulesFolder() {
		assertThatThrownBy(() -> RuleBase.compile(List.of())).isInstanceOf(RuleCompilationException.class)
			.hasMessageContaining("no .drl files");
	}

	@Test
	void collectsTheOutputsOfTheRequestedTypeWithTheRuleThatMadeThem() {
		RuleBase rules = RuleBase.compile(List.of(new RuleSource("count.drl", COUNTING_RULE)));
		RuleOutcome<Integer> outcome = rules.evaluate(List.of("four", "seven!!"), Integer.class);
		assertThat(outcome.outputs()).extracting(RuleOutcome.Fired::output).containsExactlyInAnyOrder(4, 7);
		assertThat(outcome.outputs()).extracting(RuleOutcome.Fired::rule).containsOnly("Every string gets a length");
		assertThat(outcome.firedRules()).hasSize(2);
	}

	@Test
	void eachEvaluationStartsFromAnEmptySession() {
		RuleBase rules = RuleBase.compile(List.of(new RuleSource("count.drl", COUNTING_RULE)));
		rules.evaluate(List.of("first call"), Integer.class);
		assertThat(rules.evaluate(List.of("ab"), Integer.class).outputs()).extracting(RuleOutcome.Fired::output)
			.containsExactly(2);
	}

	@Test
	void fingerprintChangesWhenARuleChanges() {
		RuleBase original = RuleBase.compile(List.of(new RuleSource("count.drl", COUNTING_RULE)));
		RuleBase edited = RuleBase
			.compile(List.of(new RuleSource("count.drl", COUNTING_RULE.replace("length()", "length() + 0"))));
		assertThat(original.fingerprint()).isNotEqualTo(edited.fingerprint()).hasSize(12);
	}

	@Test
	void fingerprintOfAFolderChangesWithACardsWordingButNotWithItsReadme(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("count.drl"), COUNTING_RULE);
		Files.createDirectories(folder.resolve("cards"));
		Path card = Files.writeString(folder.resolve("cards/count.md"), "---\nsummary: A count\n---\n");
		Path readme = Files.writeString(folder.resolve("README.md"), "About the rules\n");
		KnowledgeFolder location = new KnowledgeFolder("file:" + folder + "/");
		String original = RuleBase.load(location).fingerprint();

		Files.writeString(readme, "About the rules, edited\n");
		assertThat(RuleBase.load(location).fingerprint()).as("after the README changed").isEqualTo(original);

		Files.writeString(card, "---\nsummary: A length\n---\n");
		assertThat(RuleBase.load(location).fingerprint()).as("after the card's wording changed")
			.isNotEqualTo(original)
			.hasSize(12);
	}

}
