package org.ldncds.facts;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A current condition of the patient for which LDN has been studied, with the grade of
 * that evidence.
 *
 * @param indication the id of the indication's value set
 * @param name the condition group, e.g. "Fibromyalgia"
 * @param grade the grade code, e.g. {@code small-trials}
 * @param gradeDisplay the grade in words
 * @param gradeRank 0 for the strongest grade, higher for weaker ones
 * @param evidence a markdown summary of the evidence, with citations
 * @param citations the evidence Library keys of the sources for this condition: a card
 * about the indication cites them
 * @param advisedAgainst whether an expert review advises against LDN for the condition
 * @param recognisedByName whether the record names the condition only in words (no code
 * the knowledge base knows), so that the card can say so
 */
public record IndicationFact(String indication, String name, String grade, String gradeDisplay, int gradeRank,
		String evidence, List<String> citations, boolean advisedAgainst, boolean recognisedByName) implements Cited {

	/** The grade of indications with no clinical trial evidence. */
	public static final String THEORETICAL = "theoretical";

	public IndicationFact {
		citations = List.copyOf(citations);
	}

	/** Whether the only support is theoretical: no clinical trial evidence. */
	public boolean isTheoretical() {
		return THEORETICAL.equals(grade);
	}

	/** The indications strongest evidence first, each once. */
	public static List<IndicationFact> strongestFirst(Collection<?> indications) {
		return indications.stream()
			.map(IndicationFact.class::cast)
			.distinct()
			.sorted(Comparator.comparingInt(IndicationFact::gradeRank).thenComparing(IndicationFact::name))
			.toList();
	}

	/** Whether an expert review advises against LDN for any of the indications. */
	public static boolean anyAdvisedAgainst(Collection<?> indications) {
		return indications.stream().map(IndicationFact.class::cast).anyMatch(IndicationFact::advisedAgainst);
	}

}
