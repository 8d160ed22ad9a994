package org.ldncds.knowledge;

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
 */
public record Indication(String valueSetId, String name, String grade, String gradeDisplay, int gradeRank,
		String evidence) {
}
