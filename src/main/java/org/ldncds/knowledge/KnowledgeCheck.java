package org.ldncds.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the knowledge as a whole before the service answers a call: every value set a
 * rule names exists, every card template a rule names exists and every template is used,
 * the citations and override reasons a template names are in the evidence Library and the
 * override reasons CodeSystem, each placeholder of a template is filled by every rule
 * that uses it, and each value a rule gives is used. Any problem stops startup with its
 * file and line, like a rule that does not compile: a card that silently loses a source,
 * a reason or a name is worse than no service.
 */
public final class KnowledgeCheck {

	/**
	 * The longest short label of a citation: the card's {@code source.label} shows it,
	 * and an EHR shows that label in one short line. The full reference goes in the
	 * related artifact's {@code citation}.
	 */
	public static final int MAX_CITATION_LABEL = 40;

	private KnowledgeCheck() {
	}

	/**
	 * Checks the rules folder (its DRL files and its {@code cards/} templates) against
	 * the FHIR knowledge.
	 * @return the card templates, checked
	 * @throws KnowledgeCheckException naming file, line and problem of every mistake
	 */
	public static CardTemplates check(KnowledgeFolder rules, KnowledgeBase knowledge) {
		return check(rules.files(".drl"), templateFiles(rules), knowledge);
	}

	/**
	 * The card templates of a rules folder: the {@code .md} files of its cards folder.
	 */
	public static List<KnowledgeFolder.KnowledgeFile> templateFiles(KnowledgeFolder rules) {
		return rules.files(".md").stream().filter((file) -> file.name().startsWith(CardTemplate.FOLDER)).toList();
	}

	/**
	 * Checks DRL files and card templates, each named by its path relative to the rules
	 * folder, against the FHIR knowledge.
	 * @return the card templates, checked
	 * @throws KnowledgeCheckException naming file, line and problem of every mistake
	 */
	public static CardTemplates check(List<KnowledgeFolder.KnowledgeFile> drlFiles,
			List<KnowledgeFolder.KnowledgeFile> templateFiles, KnowledgeBase knowledge) {
		List<KnowledgeProblem> problems = new ArrayList<>();
		Map<String, CardTemplate> templates = new LinkedHashMap<>();
		Set<String> unreadable = new HashSet<>();
		for (KnowledgeFolder.KnowledgeFile file : templateFiles) {
			CardTemplate.parse(file.name(), file.text(), problems)
				.ifPresentOrElse((template) -> templates.put(template.key(), template),
						() -> unreadable.add(file.name()));
		}
		Set<String> valueSets = knowledge.terminology().valueSetIds();
		Set<String> used = new HashSet<>();
		for (KnowledgeFolder.KnowledgeFile file : drlFiles) {
			RuleFile ruleFile = RuleFile.read(file.name(), file.text());
			for (RuleFile.Rule rule : ruleFile.rules()) {
				rule.mistakes()
					.forEach((mistake) -> problems.add(new KnowledgeProblem(file.name(), mistake.line(),
							"rule \"" + rule.name() + "\": " + mistake.value())));
				for (RuleFile.Entry valueSet : rule.valueSets()) {
					if (!valueSets.contains(valueSet.value())) {
						problems.add(new KnowledgeProblem(file.name(), valueSet.line(),
								"rule \"" + rule.name() + "\" names the value set '" + valueSet.value()
										+ "', which is not in the FHIR knowledge (no ValueSet with that id)"));
					}
				}
				for (RuleFile.AdviceText advice : rule.advice()) {
					used.add(advice.key());
					CardTemplate template = templates.get(advice.key());
					if (template == null && unreadable.contains(CardTemplate.FOLDER + advice.key() + ".md")) {
						continue;
					}
					if (template == null) {
						problems.add(new KnowledgeProblem(file.name(), advice.line(),
								"rule \"" + rule.name() + "\" makes advice '" + advice.key()
										+ "', but there is no card template " + CardTemplate.FOLDER + advice.key()
										+ ".md"));
						continue;
					}
					checkAdvice(file.name(), rule, advice, template, problems);
				}
			}
		}
		checkCitationLabels(knowledge, problems);
		for (CardTemplate template : templates.values()) {
			checkReferences(template, knowledge, problems);
			if (!used.contains(template.key())) {
				problems.add(new KnowledgeProblem(template.file(), 1, "no rule makes advice '" + template.key()
						+ "': remove the template, or make the advice with Advice.of(\"" + template.key() + "\")"));
			}
		}
		if (!problems.isEmpty()) {
			throw new KnowledgeCheckException(problems.stream()
				.distinct()
				.sorted(Comparator.comparing(KnowledgeProblem::file).thenComparingInt(KnowledgeProblem::line))
				.toList());
		}
		return new CardTemplates(templates);
	}

	/** The rule gives what the template needs, and only that. */
	private static void checkAdvice(String drl, RuleFile.Rule rule, RuleFile.AdviceText advice, CardTemplate template,
			List<KnowledgeProblem> problems) {
		String where = "rule \"" + rule.name() + "\" (" + drl + ":" + advice.line() + ")";
		Set<String> given = new TreeSet<>();
		for (RuleFile.Entry value : advice.values()) {
			if (!given.add(value.value())) {
				problems.add(new KnowledgeProblem(drl, value.line(),
						"rule \"" + rule.name() + "\" gives the value '" + value.value() + "' twice"));
			}
		}
		if (template.indicator().isPresent() && advice.indicator() != null) {
			problems.add(new KnowledgeProblem(drl, advice.indicator().line(),
					"rule \"" + rule.name() + "\" states the indicator " + advice.indicator().value() + ", but "
							+ template.file() + " fixes it (" + template.indicator().get().value()
							+ "): state it in one place"));
		}
		if (template.indicator().isEmpty() && advice.indicator() == null) {
			problems.add(new KnowledgeProblem(template.file(), 1, "the template sets no indicator, and " + where
					+ " states none: add 'indicator: critical|warning|info' or .critical()/.warning()/.info()"));
		}
		if (template.hasSuggestions() && !advice.about()) {
			problems.add(new KnowledgeProblem(template.file(), template.suggestionTexts().get(0).line(),
					"the card suggests changing an order, but " + where
							+ " names none: say which with .about($order)"));
		}
		List<TemplateText.Use> outer = new ArrayList<>();
		List<TemplateText.Use> inner = new ArrayList<>();
		template.collectUses(outer, inner);
		for (TemplateText.Use use : outer) {
			if (!given.contains(use.name())) {
				problems.add(new KnowledgeProblem(template.file(), use.line(), "{" + use.name() + "} is not filled by "
						+ where + ", which gives " + (given.isEmpty() ? "no values" : String.join(", ", given))));
			}
		}
		Set<String> usedNames = new HashSet<>();
		outer.forEach((use) -> usedNames.add(use.name()));
		inner.forEach((use) -> usedNames.add(use.name()));
		for (RuleFile.Entry value : advice.values()) {
			if (!usedNames.contains(value.value())) {
				problems.add(new KnowledgeProblem(drl, value.line(), "rule \"" + rule.name() + "\" gives the value '"
						+ value.value() + "', which " + template.file() + " does not use"));
			}
		}
	}

	/** Every citation has a short label, and the label is short. */
	private static void checkCitationLabels(KnowledgeBase knowledge, List<KnowledgeProblem> problems) {
		for (Citation citation : knowledge.citations()) {
			if (citation.label().isBlank()) {
				problems.add(new KnowledgeProblem(citation.file(), citation.line(), "citation '" + citation.key()
						+ "' has no short label: give its 'display', e.g. \"Bruun 2024, Lancet Rheumatol\""));
			}
			else if (citation.label().length() > MAX_CITATION_LABEL) {
				problems.add(new KnowledgeProblem(citation.file(), citation.line(),
						"citation '" + citation.key() + "': the short label '" + citation.label() + "' has "
								+ citation.label().length() + " characters, more than " + MAX_CITATION_LABEL
								+ ": shorten its 'display' (e.g. \"Bruun 2024, Lancet Rheumatol\") and put the "
								+ "full reference in its 'citation'"));
			}
		}
	}

	/** The citations and override reasons the template names exist. */
	private static void checkReferences(CardTemplate template, KnowledgeBase knowledge,
			List<KnowledgeProblem> problems) {
		for (CardTemplate.Entry citation : template.citations()) {
			if (knowledge.citation(citation.value()).isEmpty()) {
				problems.add(new KnowledgeProblem(template.file(), citation.line(),
						"citation '" + citation.value() + "' is not in the evidence Library (Library/"
								+ KnowledgeBase.EVIDENCE_LIBRARY_ID + "); it has "
								+ knowledge.citations().stream().map(Citation::key).collect(Collectors.joining(", "))));
			}
		}
		for (CardTemplate.Entry reason : template.overrideReasons()) {
			if (knowledge.overrideReason(reason.value()).isEmpty()) {
				problems.add(new KnowledgeProblem(template.file(), reason.line(), "override reason '" + reason.value()
						+ "' is not in CodeSystem/" + KnowledgeBase.OVERRIDE_REASONS_ID));
			}
		}
	}

}
