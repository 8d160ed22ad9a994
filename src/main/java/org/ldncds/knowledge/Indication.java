package org.ldncds.knowledge;

import java.util.List;

/**
 * A condition group for which LDN has been studied, with the honest grade of that
 * evidence. Read from the ValueSets of {@code fhir-profiles/} that carry an evidence
 * grade.
 *
 * @param valueSetId the id of the ValueSet holding the condition codes
 * @param name the condition group, e.g. "Fibromyalgia"
 * @param grade the grade code, e.g. {@code small-trials}
 * @param gradeDisplay the grade in words, e.g. "Small or mixed trials"
 * @param gradeRank 0 for the strongest grade, higher for weaker ones
 * @param evidence a short markdown summary of the evidence, with citations
 * @param citations the keys of the evidence Library entries that are the evidence for
 * this condition (extension {@code ldn-evidence-citation}), strongest first
 * @param advisedAgainst whether an expert review advises against LDN for the condition
 * (extension {@code ldn-evidence-advice} = {@code advised-against})
 */
public record Indication(String valueSetId, String name, String grade, String gradeDisplay, int gradeRank,
		String evidence, List<String> citations, boolean advisedAgainst) {

	public Indication {
		citations = List.copyOf(citations);
	}
}
