package org.ldncds.cards;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.ldncds.knowledge.Citation;
import org.ldncds.knowledge.KnowledgeBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns rule advice into CDS Hooks cards: one card per problem (the most urgent advice
 * wins), most urgent first, each with its sources, suggestions and override reasons
 * looked up in the knowledge base.
 */
public final class CardFactory {

	static final int MAX_SUMMARY_LENGTH = 139;

	private static final Logger log = LoggerFactory.getLogger(CardFactory.class);

	private final KnowledgeBase knowledge;

	public CardFactory(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	public List<Card> cardsFor(List<Advice> advice) {
		Map<String, Advice> mostUrgentByProblem = new LinkedHashMap<>();
		advice.stream()
			.sorted(Comparator.comparing(Advice::indicator).reversed())
			.forEach((item) -> mostUrgentByProblem.putIfAbsent(item.problem(), item));
		return mostUrgentByProblem.values().stream().map(this::cardFor).sorted(Card::mostUrgentFirst).toList();
	}

	Card cardFor(Advice advice) {
		List<Citation> citations = advice.citations()
			.stream()
			.flatMap((key) -> knowledge.citation(key).or(() -> unknown("source", key, advice)).stream())
			.toList();
		List<Suggestion> suggestions = advice.suggestions().stream().map(this::suggestionFor).toList();
		List<Coding> reasons = advice.overrideReasons()
			.stream()
			.flatMap((
					code) -> knowledge.overrideReason(code).or(() -> unknown("override reason", code, advice)).stream())
			.map((coding) -> new Coding(coding.getSystem(), coding.getCode(), coding.getDisplay()))
			.toList();
		return new Card(UUID.randomUUID().toString(), shorten(advice.summary()), detailWithSources(advice, citations),
				advice.indicator(), sourceOf(citations), suggestions, suggestions.isEmpty() ? null : "at-most-one",
				reasons, null);
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

	private Suggestion suggestionFor(SuggestedChange change) {
		List<Action> actions = new ArrayList<>();
		if (change instanceof SuggestedChange.RemoveOrder remove) {
			actions.add(Action.delete(remove.orderId(), "Remove the draft order " + remove.orderId()));
		}
		return new Suggestion(UUID.randomUUID().toString(), change.label(), null, actions);
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
