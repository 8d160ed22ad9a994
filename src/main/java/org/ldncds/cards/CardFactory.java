package org.ldncds.cards;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.ldncds.knowledge.CardTemplate;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.Citation;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.rules.RuleOutcome;
import org.ldncds.facts.Advice;
import org.ldncds.facts.Cited;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Coding;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.Link;
import org.ldncds.hooks.Source;
import org.ldncds.hooks.Suggestion;
import org.ldncds.hooks.CardIds;

/**
 * Turns rule advice into CDS Hooks cards: the advice's card template gives the words,
 * with the rule's values in; one card per problem (the most urgent advice wins), most
 * urgent first, no information cards beside a critical one, each with its sources,
 * suggestions and override reasons looked up in the knowledge base.
 */
public final class CardFactory {

	static final int MAX_SUMMARY_LENGTH = 139;

	/** Time-ordered ids: feedback tells from a card's id when it was issued. */
	private static final CardIds IDS = new CardIds(Clock.systemUTC());

	private final KnowledgeBase knowledge;

	private final CardTemplates templates;

	private final DraftOrderChanges changes;

	/**
	 * @param knowledge the citations and override reasons cards name
	 * @param templates the card templates, checked against the rules and the knowledge by
	 * {@link org.ldncds.knowledge.KnowledgeCheck}
	 * @param fhirContext for the changed orders of suggestions
	 */
	public CardFactory(KnowledgeBase knowledge, CardTemplates templates, FhirContext fhirContext) {
		this.knowledge = knowledge;
		this.templates = templates;
		this.changes = new DraftOrderChanges(fhirContext, knowledge.terminology());
	}

	/**
	 * The cards for the advice. Suggestions act on the draft orders of the call; a
	 * suggestion whose order is not among them is left out.
	 * @throws IllegalStateException when advice names no template, or its template needs
	 * a value the rule did not give (the knowledge check prevents both at startup)
	 */
	public List<IssuedCard> cardsFor(List<RuleOutcome.Fired<Advice>> advice, Bundle draftOrders) {
		Map<String, Words> mostUrgentByProblem = new LinkedHashMap<>();
		advice.stream()
			.map(this::wordsOf)
			.sorted(Comparator.comparing(Words::indicator).reversed())
			.forEach((words) -> mostUrgentByProblem.putIfAbsent(words.problem(), words));
		boolean critical = mostUrgentByProblem.values()
			.stream()
			.anyMatch((words) -> words.indicator() == Indicator.CRITICAL);
		return mostUrgentByProblem.values()
			.stream()
			// Beside a critical card, information cards (dose tips, evidence) are noise:
			// the clinician must deal with the critical problem first.
			.filter((words) -> !critical || words.indicator() != Indicator.INFO)
			.map((words) -> new IssuedCard(words.rule(), cardFor(words, draftOrders)))
			.sorted((a, b) -> Card.mostUrgentFirst(a.card(), b.card()))
			.toList();
	}

	/** The version of the knowledge base the cards cite. */
	public String knowledgeVersion() {
		return knowledge.version();
	}

	/** The words of one advice: its template with the rule's values in. */
	Words wordsOf(RuleOutcome.Fired<Advice> fired) {
		Advice advice = fired.output();
		CardTemplate template = templates.get(advice.key())
			.orElseThrow(() -> new IllegalStateException(
					"Rule \"" + fired.rule() + "\" makes advice '" + advice.key() + "', which has no card template"));
		CardTemplate.Rendered rendered = template.render(fired.rule(),
				(advice.indicator() == null) ? null : advice.indicator().code(), advice.values(),
				advice.orders().stream().map((order) -> new CardTemplate.Target(order.id(), order.name())).toList());
		List<SuggestedChange> suggestions = rendered.suggestions().stream().map(CardFactory::changeOf).toList();
		return new Words(fired.rule(), rendered.problem(),
				Indicator.valueOf(rendered.indicator().toUpperCase(Locale.ROOT)), rendered.summary(), rendered.detail(),
				citationsOf(advice, rendered.citations()), suggestions, rendered.overrideReasons());
	}

	/**
	 * The sources of a card: those of the facts the advice shows (an indication cites the
	 * evidence for that condition), then those its template names, each once.
	 */
	static List<String> citationsOf(Advice advice, List<String> templateCitations) {
		Set<String> keys = new LinkedHashSet<>();
		for (Object value : advice.values().values()) {
			if (value instanceof Collection<?> items) {
				items.stream()
					.filter(Cited.class::isInstance)
					.forEach((item) -> keys.addAll(((Cited) item).citations()));
			}
			else if (value instanceof Cited cited) {
				keys.addAll(cited.citations());
			}
		}
		keys.addAll(templateCitations);
		return List.copyOf(keys);
	}

	private static SuggestedChange changeOf(CardTemplate.Suggestion suggestion) {
		return switch (suggestion.action()) {
			case "remove-order" -> new SuggestedChange.RemoveOrder(suggestion.orderId(), suggestion.label());
			case "change-dose" ->
				new SuggestedChange.ChangeDose(suggestion.orderId(), suggestion.doseMg(), suggestion.label());
			case "titrate" -> new SuggestedChange.Titrate(suggestion.orderId(), suggestion.steps(), suggestion.label());
			default -> throw new IllegalStateException("Unknown suggestion " + suggestion.action());
		};
	}

	Card cardFor(Words words, Bundle draftOrders) {
		List<Citation> citations = words.citations()
			.stream()
			.map((key) -> knowledge.citation(key).orElseThrow(() -> unknown("source", key, words)))
			.toList();
		List<Suggestion> suggestions = words.suggestions()
			.stream()
			.flatMap((change) -> suggestionFor(change, draftOrders).stream())
			.toList();
		List<Coding> reasons = words.overrideReasons()
			.stream()
			.map((code) -> knowledge.overrideReason(code).orElseThrow(() -> unknown("override reason", code, words)))
			.map((coding) -> new Coding(coding.getSystem(), coding.getCode(), coding.getDisplay()))
			.toList();
		List<Link> links = citations.stream()
			.filter(Citation::hasUrl)
			.map((citation) -> new Link(citation.reference(), citation.url(), "absolute"))
			.toList();
		return new Card(IDS.next(), shorten(words.summary()), detailWithSources(words, citations), words.indicator(),
				sourceOf(citations), suggestions, suggestions.isEmpty() ? null : "at-most-one", reasons,
				links.isEmpty() ? null : links);
	}

	/**
	 * The knowledge check refuses at startup a template that names a source or reason the
	 * knowledge base lacks: one here means templates checked against other knowledge.
	 */
	private static IllegalStateException unknown(String what, String key, Words words) {
		return new IllegalStateException("Rule \"" + words.rule() + "\" refers to unknown " + what + " '" + key
				+ "': its card template was not checked against this knowledge base");
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
		// The short label: the full reference is in the detail and the card's links.
		Citation first = citations.get(0);
		return new Source(first.label() + " (ldn-cds " + knowledge.version() + ")",
				first.hasUrl() ? first.url() : null);
	}

	private static String detailWithSources(Words words, List<Citation> citations) {
		if (citations.isEmpty()) {
			return words.detail();
		}
		String sources = citations.stream()
			.map((citation) -> "- " + citation.markdown())
			.collect(Collectors.joining("\n"));
		return words.detail().strip() + "\n\n**Sources**\n\n" + sources;
	}

	private static String shorten(String summary) {
		String oneLine = summary.strip().replaceAll("\\s+", " ");
		return oneLine.length() <= MAX_SUMMARY_LENGTH ? oneLine
				: oneLine.substring(0, MAX_SUMMARY_LENGTH - 1).stripTrailing() + "…";
	}

	/** A card's words, before its sources, suggestions and reasons are looked up. */
	record Words(String rule, String problem, Indicator indicator, String summary, String detail,
			List<String> citations, List<SuggestedChange> suggestions, List<String> overrideReasons) {
	}

}
