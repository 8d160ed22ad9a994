package org.ldncds;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import ca.uhn.fhir.context.FhirContext;
import org.ldncds.cards.CardFactory;
import org.ldncds.facts.FactMapper;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.rules.RuleBase;

/**
 * The project's real knowledge (rules/ and fhir-profiles/), loaded once per test JVM for
 * tests that need no Spring, by the loaders the service uses.
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
			rules = RuleBase.load(new KnowledgeFolder("file:rules/"));
		}
		return rules;
	}

	/**
	 * The card templates of rules/cards/, checked with the rules against the knowledge.
	 */
	public static synchronized CardTemplates templates() {
		if (templates == null) {
			templates = KnowledgeCheck.check(new KnowledgeFolder("file:rules/"), knowledge());
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

}
