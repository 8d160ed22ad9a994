package org.ldncds.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.knowledge.KnowledgeFolder;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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

	@Test
	void reportsAnEvalOverAnEarlierPatternsBindingWithItsFileAndLine(@TempDir Path folder) throws IOException {
		String evaluated = """
				package test;

				rule "A long text"
				when
				    $text : String()
				    eval( 1 < 2 )
				    eval( $text.length() > 3 )
				then
				    insert(Integer.valueOf($text.length()));
				end

				rule "A text with no number while it is long"
				when
				    $text : String()
				    not( Integer() and eval( $text.length() > 3 ) )
				then
				    insert(Integer.valueOf(0));
				end
				""";
		Files.createDirectories(folder.resolve("test"));
		Files.writeString(folder.resolve("test/count.drl"), COUNTING_RULE);
		Files.writeString(folder.resolve("test/evaluated.drl"), evaluated);

		RuleBase rules = RuleBase.load(new KnowledgeFolder("file:" + folder + "/"));

		assertThat(rules.warnings()).extracting(RuleWarning::file, RuleWarning::line)
			.containsExactlyInAnyOrder(tuple("test/evaluated.drl", 7), tuple("test/evaluated.drl", 15));
		assertThat(rules.warnings())
			.allSatisfy((warning) -> assertThat(warning.message()).contains("eval( $text.length() > 3 )")
				.contains("cannot index"));
		assertThat(rules.warnings()).extracting(RuleWarning::toString)
			.contains("test/evaluated.drl:7: rule \"A long text\": eval( $text.length() > 3 ) uses bindings of earlier "
					+ "patterns, which Drools cannot index: state the condition as patterns (exists, not, or, a "
					+ "constraint on an accumulate)");
	}

	@Test
	void locatesAnEvalInAFileWithoutAPackage() {
		String evaluated = """
				rule "A long text"
				when
				    $text : String()
				    eval( $text.length() > 3 )
				then
				    insert(Integer.valueOf($text.length()));
				end
				""";
		RuleBase rules = RuleBase.compile(List.of(new RuleSource("evaluated.drl", evaluated)));

		assertThat(rules.warnings()).extracting(RuleWarning::file, RuleWarning::line)
			.containsExactly(tuple("evaluated.drl", 4));
	}

	@Test
	void anEvalThatNeedsNoBindingAndRulesWithoutEvalAreNotWarnedAbout() {
		String constant = """
				package test;

				rule "Always"
				when
				    $text : String()
				    eval( 1 < 2 )
				then
				    insert(Integer.valueOf(1));
				end
				""";
		RuleBase rules = RuleBase.compile(List.of(new RuleSource("test/count.drl", COUNTING_RULE),
				new RuleSource("test/constant.drl", constant)));

		assertThat(rules.warnings()).isEmpty();
	}

	@Test
	void reportsTheBuildersOwnWarningsWithFileAndLine() {
		String bothGroups = """
				package test;

				rule "In two groups"
				    agenda-group "first"
				    ruleflow-group "second"
				when
				    $text : String()
				then
				    insert(Integer.valueOf(1));
				end
				""";
		RuleBase rules = RuleBase.compile(List.of(new RuleSource("test/groups.drl", bothGroups)));

		assertThat(rules.warnings()).singleElement().satisfies((warning) -> {
			assertThat(warning.file()).isEqualTo("test/groups.drl");
			assertThat(warning.line()).isEqualTo(3);
			assertThat(warning.message()).contains("agenda-group").contains("ruleflow-group");
		});
	}

	@Test
	void reportsAFileWhosePackageIsNotItsFolderAtItsPackageLine() {
		String elsewhere = "// Counting, filed in the wrong folder.\n" + COUNTING_RULE;
		RuleBase rules = RuleBase.compile(List.of(new RuleSource("test/count.drl", COUNTING_RULE),
				new RuleSource("ldn/count.drl", elsewhere.replace("\"Every string", "\"Again every string"))));

		assertThat(rules.warnings()).extracting(RuleWarning::toString)
			.containsExactly("ldn/count.drl:2: declares package 'test' in folder 'ldn': name the package as the folder "
					+ "(dots for slashes)");
	}

	@Test
	void logsEachWarningOnceAtWarnWithFileAndLine() {
		String evaluated = """
				package test;

				rule "A long text"
				when
				    $text : String()
				    eval( $text.length() > 3 )
				then
				    insert(Integer.valueOf($text.length()));
				end
				""";
		Logger logger = (Logger) LoggerFactory.getLogger(RuleBase.class);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		logger.addAppender(logged);
		try {
			RuleBase.compile(List.of(new RuleSource("test/evaluated.drl", evaluated)));
		}
		finally {
			logger.detachAppender(logged);
		}

		assertThat(logged.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("test/evaluated.drl:6: rule \"A long text\": eval(");
		});
	}

}
