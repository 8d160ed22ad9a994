package org.ldncds.cards;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.ldncds.knowledge.Citation;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.rules.RuleOutcome;
import org.ldncds.facts.Advice;
import org.ldncds.facts.SuggestedChange;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Coding;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.Source;
import org.ldncds.hooks.Suggestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns rule advice into CDS Hooks cards: one card per problem (the most urgent advice
 * wins), most urgent first, no information cards beside a critical one, each with its
 * sources, suggestions and override reasons looked up in the knowledge base.
 */
public final class CardFactory {

	static final int MAX_SUMMARY_LENGTH = 139;

	private static final Logger log = LoggerFactory.getLogger(CardFactory.class);

	/** Time-ordered ids: feedback tells from a card's id when it was issued. */
	private static final CardIds IDS = new CardIds(Clock.systemUTC());

	private final KnowledgeBase knowledge;

	private final DraftOrderChanges changes;

	public CardFactory(KnowledgeBase knowledge, FhirContext fhirContext) {
		this.knowledge = knowledge;
		this.changes = new DraftOrderChanges(fhirContext);
	}

	/**
	 * The cards for the advice. Suggestions act on the draft orders of the call; a
	 * suggestion whose order is not among them is left out.
	 */
	public List<IssuedCard> cardsFor(List<RuleOutcome.Fired<Advice>> advice, Bundle draftOrders) {
		Map<String, RuleOutcome.Fired<Advice>> mostUrgentByProblem = new LinkedHashMap<>();
		advice.stream()
			.sorted(Comparator.comparing((RuleOutcome.Fired<Advice> fired) -> fired.output().indicator()).reversed())
			.forEach((fired) -> mostUrgentByProblem.putIfAbsent(fired.output().problem(), fired));
		boolean critical = mostUrgentByProblem.values()
			.stream()
			.anyMatch((fired) -> fired.output().indicator() == Indicator.CRITICAL);
		return mostUrgentByProblem.values()
			.stream()
			// Beside a critical card, information cards (dose tips, evidence) are noise:
			// the
			// clinician must deal with the critical problem first.
			.filter((fired) -> !critical || fired.output().indicator() != Indicator.INFO)
			.map((fired) -> new IssuedCard(fired.rule(), cardFor(fired.output(), draftOrders)))
			.sorted((a, b) -> Card.mostUrgentFirst(a.card(), b.card()))
			.toList();
	}

	/** The version of the knowledge base the cards cite. */
	public String knowledgeVersion() {
		return knowledge.version();
	}

	Card cardFor(Advice advice, Bundle draftOrders) {
		List<Citation> citations = advice.citations()
			.stream()
			.flatMap((key) -> knowledge.citation(key).or(() -> unknown("source", key, advice)).stream())
			.toList();
		List<Suggestion> suggestions = advice.suggestions()
			.stream()
			.flatMap((change) -> suggestionFor(change, draftOrders).stream())
			.toList();
		List<Coding> reasons = advice.overrideReasons()
			.stream()
			.flatMap((
					code) -> knowledge.overrideReason(code).or(() -> unknown("override reason", code, advice)).stream())
			.map((coding) -> new Coding(coding.getSystem(), coding.getCode(), coding.getDisplay()))
			.toList();
		return new Card(IDS.next(), shorten(advice.summary()), detailWithSources(advice, citations), advice.indicator(),
				sourceOf(citations), suggestions, suggestions.isEmpty() ? null : "at-most-one", reasons, null);
	}

	/**
	 * A rule edited outside the build may name a source or reason the knowledge base
	 * lacks: the card is still shown, without it, and the mistake is logged for the
	 * maintainer.
	 */
	private static <T> Optional<T> unknown(String what, String key, Advice advice) {
		log.warn("Advice '{}' refers to unknown {} '{}'; it is left out of the card", advice.problem(), what, key);
		return Optional.empty();
	}

	private Optional<Suggestion> suggestionFor(SuggestedChange change, Bundle draftOrders) {
		return changes.actionFor(change, draftOrders)
			.map((action) -> new Suggestion(IDS.next(), change.label(), null, List.of(action)));
	}

	private Source sourceOf(List<Citation> citations) {
		String label = "ldn-cds knowledge base " + knowledge.version();
		if (citations.isEmpty()) {
			return new Source(label, null);
		}
		return new Source(citations.get(0).title() + " (" + label + ")", citations.get(0).url());
	}

	private static String detailWithSources(Advice advice, List<Citation> citations) {
		if (citations.isEmpty()) {
			return advice.detail();
		}
		String sources = citations.stream()
			.map((citation) -> "- " + citation.markdown())
			.collect(Collectors.joining("\n"));
		return advice.detail().strip() + "\n\n**Sources**\n\n" + sources;
	}

	private static String shorten(String summary) {
		String oneLine = summary.strip().replaceAll("\\s+", " ");
		return oneLine.length() <= MAX_SUMMARY_LENGTH ? oneLine
				: oneLine.substring(0, MAX_SUMMARY_LENGTH - 1).stripTrailing() + "…";
	}

}
