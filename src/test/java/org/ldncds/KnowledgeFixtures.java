package org.ldncds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.ldncds.cards.CardFactory;
import org.ldncds.facts.FactMapper;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RuleSource;

/**
 * The project's real knowledge (rules/ and fhir-profiles/), loaded once per test JVM for
 * tests that need no Spring.
 */
public final class KnowledgeFixtures {

	/** Tests run on a fixed day so that ages and durations do not drift. */
	public static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

	private static KnowledgeBase knowledge;

	private static RuleBase rules;

	private static CardTemplates templates;

	private KnowledgeFixtures() {
	}

	public static synchronized KnowledgeBase knowledge() {
		if (knowledge == null) {
			knowledge = KnowledgeBase.load(new KnowledgeFolder("file:fhir-profiles/"), FhirContext.forR4Cached());
		}
		return knowledge;
	}

	public static synchronized RuleBase rules() {
		if (rules == null) {
			rules = RuleBase.compile(drlSources(Path.of("rules")));
		}
		return rules;
	}

	/**
	 * The card templates of rules/cards/, checked with the rules against the knowledge.
	 */
	public static synchronized CardTemplates templates() {
		if (templates == null) {
			templates = KnowledgeCheck.check(new KnowledgeFolder(Path.of("rules").toUri().toString()), knowledge());
		}
		return templates;
	}

	/** Makes cards as the service does. */
	public static CardFactory cardFactory() {
		return new CardFactory(knowledge(), templates(), FhirContext.forR4Cached());
	}

	public static FactMapper factMapper() {
		return new FactMapper(knowledge(), TODAY);
	}

	public static List<RuleSource> drlSources(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter((file) -> file.toString().endsWith(".drl"))
				.sorted()
				.map((file) -> new RuleSource(folder.relativize(file).toString(), read(file)))
				.toList();
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

}
