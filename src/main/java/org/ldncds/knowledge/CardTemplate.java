package org.ldncds.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of one kind of card: a Markdown file {@code rules/cards/<advice-key>.md}
 * whose front matter gives the indicator, summary, citations, override reasons and
 * suggestions, and whose body is the card's detail. Rules name it by its advice key and
 * give the values its placeholders need. The format is described in
 * {@code rules/README.md}.
 */
public final class CardTemplate {

	/** The folder of the rules folder that holds the templates. */
	public static final String FOLDER = "cards/";

	/** The indicators a template or rule may state. */
	public static final Set<String> INDICATORS = Set.of("info", "warning", "critical");

	/** In a suggestion's label, the name of the order the suggestion changes. */
	public static final String ORDER = "order";

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]*");

	private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*):(?:[ \\t]+(.*))?");

	private static final Pattern ITEM = Pattern.compile("[ \\t]+-[ \\t]+(.*)");

	private static final Pattern ROW = Pattern.compile("[ \\t]+([A-Za-z0-9_.-]+):[ \\t]+(.*)");

	private static final Pattern SUGGESTION = Pattern
		.compile("(remove-order|change-dose|titrate)(?:[ \\t]+([^:]+?))?:[ \\t]+(.+)");

	/** A step of a titration with a duration: {@code 1.5 mg for 1 week}. */
	private static final Pattern TIMED_STEP = Pattern
		.compile("(\\d+(?:\\.\\d+)?)[ \\t]*mg[ \\t]+for[ \\t]+(\\d+)[ \\t]+(day|days|week|weeks)");

	/** The last step of a titration, the dose to stay on: {@code then 4.5 mg}. */
	private static final Pattern LAST_STEP = Pattern.compile("then[ \\t]+(\\d+(?:\\.\\d+)?)[ \\t]*mg");

	private static final Set<String> FIELDS = Set.of("indicator", "problem", "summary", "citations", "override-reasons",
			"suggestions");

	private final String key;

	private final String file;

	private final String problem;

	private final Entry indicator;

	private final TemplateText summary;

	private final String summarySource;

	private final TemplateText detail;

	private final List<Entry> citations;

	private final List<Entry> overrideReasons;

	private final List<SuggestionTemplate> suggestions;

	private final List<Entry> suggestionSources;

	private final Map<String, TemplateText.Table> tables;

	private CardTemplate(Builder parts) {
		this.key = parts.key;
		this.file = parts.file;
		this.problem = parts.problem;
		this.indicator = parts.indicator;
		this.summary = parts.summary;
		this.summarySource = parts.summarySource;
		this.detail = parts.detail;
		this.citations = List.copyOf(parts.citations);
		this.overrideReasons = List.copyOf(parts.overrideReasons);
		this.suggestions = List.copyOf(parts.suggestions);
		this.suggestionSources = List.copyOf(parts.suggestionSources);
		Map<String, TemplateText.Table> tables = new LinkedHashMap<>();
		parts.tables.forEach((name, table) -> tables.put(name,
				new TemplateText.Table(table.name(), table.line(), Map.copyOf(table.rows()))));
		this.tables = Map.copyOf(tables);
	}

	/** A value of the front matter, with its line. */
	public record Entry(String value, int line) {
	}

	/**
	 * A suggestion the card offers for each order its advice is about.
	 *
	 * @param action {@code remove-order}, {@code change-dose} or {@code titrate}
	 * @param dose for {@code change-dose}, the new daily dose in mg (a number or a
	 * placeholder); else {@code null}
	 * @param steps for {@code titrate}, the steps in order; else empty
	 * @param label the button text
	 * @param line where it is declared
	 */
	record SuggestionTemplate(String action, TemplateText dose, List<DoseStep> steps, TemplateText label, int line) {
	}

	/**
	 * One step of a titration: a daily dose, taken for a while or, for the last step,
	 * from then on.
	 *
	 * @param doseMg the daily dose in mg
	 * @param duration how many {@code unit}s the step lasts, or {@code null} for the last
	 * step
	 * @param unit the UCUM unit of the duration, {@code d} or {@code wk}; {@code null}
	 * with {@code duration}
	 */
	public record DoseStep(double doseMg, Integer duration, String unit) {

		public DoseStep {
			if ((duration == null) != (unit == null)) {
				throw new IllegalArgumentException("A step's duration and unit go together");
			}
		}

	}

	/** An order a suggestion changes: its reference and its name. */
	public record Target(String id, String name) {
	}

	/**
	 * The card's words with the values in.
	 *
	 * @param problem the problem key: of cards with one problem only the most urgent is
	 * shown
	 * @param indicator {@code info}, {@code warning} or {@code critical}
	 * @param summary the summary
	 * @param detail the Markdown detail
	 * @param citations keys into the evidence Library
	 * @param overrideReasons codes of the override reasons
	 * @param suggestions the suggestions, one per declared suggestion and order
	 */
	public record Rendered(String problem, String indicator, String summary, String detail, List<String> citations,
			List<String> overrideReasons, List<Suggestion> suggestions) {
	}

	/**
	 * A suggestion with its words.
	 *
	 * @param action {@code remove-order}, {@code change-dose} or {@code titrate}
	 * @param orderId the order it changes
	 * @param doseMg for {@code change-dose}, the new daily dose in mg; else {@code null}
	 * @param steps for {@code titrate}, the steps in order; else empty
	 * @param label the button text
	 */
	public record Suggestion(String action, String orderId, Double doseMg, List<DoseStep> steps, String label) {

		public Suggestion {
			steps = List.copyOf(steps);
		}

		/** A suggestion that is not a titration. */
		public Suggestion(String action, String orderId, Double doseMg, String label) {
			this(action, orderId, doseMg, List.of(), label);
		}

	}

	/** The advice key: the file's name without {@code .md}. */
	public String key() {
		return key;
	}

	/**
	 * The file, relative to the rules folder, e.g. {@code cards/naltrexone-hepatic.md}.
	 */
	public String file() {
		return file;
	}

	/** The problem key; the advice key unless the template names another. */
	public String problem() {
		return problem;
	}

	/** The indicator the template fixes, if it does. */
	public Optional<Entry> indicator() {
		return Optional.ofNullable(indicator);
	}

	/** The summary as written, with its placeholders. */
	public String summaryText() {
		return summarySource;
	}

	public List<Entry> citations() {
		return citations;
	}

	public List<Entry> overrideReasons() {
		return overrideReasons;
	}

	/** The suggestions as written: {@code remove-order: label}. */
	public List<Entry> suggestionTexts() {
		return suggestionSources;
	}

	boolean hasSuggestions() {
		return !suggestions.isEmpty();
	}

	/**
	 * The names of values the template uses, with their lines; {@code inner} receives
	 * those used inside repeated sections, which may be fields of the items.
	 */
	void collectUses(List<TemplateText.Use> outer, List<TemplateText.Use> inner) {
		summary.collectUses(outer, inner);
		detail.collectUses(outer, inner);
		// A table shown only inside repeated sections is shown for an item: its rows may
		// use the item's fields, as the section's own text may.
		Set<String> shownOutside = tablesShownOutsideItems();
		for (TemplateText.Table table : tables.values()) {
			for (TemplateText row : table.rows().values()) {
				row.collectUses(shownOutside.contains(table.name()) ? outer : inner, inner);
			}
		}
		for (SuggestionTemplate suggestion : suggestions) {
			List<TemplateText.Use> labelUses = new ArrayList<>();
			suggestion.label().collectUses(labelUses, inner);
			if (suggestion.dose() != null) {
				suggestion.dose().collectUses(labelUses, inner);
			}
			labelUses.stream().filter((use) -> !ORDER.equals(use.name())).forEach(outer::add);
		}
	}

	/**
	 * The tables shown outside repeated sections: by the summary or the detail, or by a
	 * row of such a table.
	 */
	private Set<String> tablesShownOutsideItems() {
		Set<String> shown = new HashSet<>();
		Deque<TemplateText.Placeholder> todo = new ArrayDeque<>(summary.placeholders());
		todo.addAll(detail.placeholders());
		while (!todo.isEmpty()) {
			TemplateText.Placeholder placeholder = todo.pop();
			TemplateText.Table table = tables.get(placeholder.name());
			if (table != null && shown.add(table.name())) {
				table.rows().values().forEach((row) -> todo.addAll(row.placeholders()));
			}
		}
		return shown;
	}

	/**
	 * The card's words for the values a rule gave.
	 * @param rule the rule, for errors
	 * @param ruleIndicator the indicator the rule stated, or {@code null}
	 * @param values the values by name (a name may be given with no value)
	 * @param targets the orders the advice is about: each suggestion is made for each
	 * @throws IllegalStateException naming the template's file and line when a value is
	 * missing or does not fit
	 */
	public Rendered render(String rule, String ruleIndicator, Map<String, Object> values, List<Target> targets) {
		TemplateText.Values scope = new TemplateText.Values(file, rule, values, tables);
		String chosen = chooseIndicator(rule, ruleIndicator);
		List<Suggestion> made = new ArrayList<>();
		for (SuggestionTemplate suggestion : suggestions) {
			if (targets.isEmpty()) {
				throw scope.error(suggestion.line(),
						"the card suggests " + suggestion.action() + ", but rule \"" + rule + "\" names no order");
			}
			for (Target target : targets) {
				TemplateText.Values forOrder = scope.with(Map.of(ORDER, target.name()));
				Double dose = (suggestion.dose() == null) ? null : doseOf(suggestion, forOrder);
				made.add(new Suggestion(suggestion.action(), target.id(), dose, suggestion.steps(),
						suggestion.label().render(forOrder)));
			}
		}
		return new Rendered(problem, chosen, summary.render(scope), detail.render(scope).strip(),
				citations.stream().map(Entry::value).toList(), overrideReasons.stream().map(Entry::value).toList(),
				made);
	}

	private String chooseIndicator(String rule, String ruleIndicator) {
		if (indicator != null && ruleIndicator != null) {
			throw new IllegalStateException(file + ":" + indicator.line()
					+ ": the template fixes the indicator, and rule \"" + rule + "\" states it too");
		}
		if (indicator == null && ruleIndicator == null) {
			throw new IllegalStateException(
					file + ":1: the template sets no indicator, and rule \"" + rule + "\" states none");
		}
		return (indicator != null) ? indicator.value() : ruleIndicator;
	}

	private Double doseOf(SuggestionTemplate suggestion, TemplateText.Values values) {
		String text = suggestion.dose().render(values);
		try {
			return Double.valueOf(text);
		}
		catch (NumberFormatException ex) {
			throw values.error(suggestion.line(), "change-dose needs a dose in mg, not '" + text + "'");
		}
	}

	/**
	 * Reads a template file, reporting each mistake with its line.
	 * @param name the file's path relative to the rules folder, {@code cards/<key>.md}
	 * @return the template, or empty when it has mistakes (they are in {@code problems})
	 */
	static Optional<CardTemplate> parse(String name, String text, List<KnowledgeProblem> problems) {
		int before = problems.size();
		Builder parts = new Builder(name);
		String key = name.substring(FOLDER.length(), name.length() - ".md".length());
		if (!KEY.matcher(key).matches()) {
			problems.add(new KnowledgeProblem(name, 1, "a card template is named after its advice key: "
					+ "lower-case letters, digits and dashes, directly in " + FOLDER));
		}
		parts.key = key;
		parts.problem = key;
		String[] lines = text.replace("\r\n", "\n").split("\n", -1);
		if (lines.length == 0 || !lines[0].strip().equals("---")) {
			problems.add(new KnowledgeProblem(name, 1, "a card template starts with a front matter: a line ---, "
					+ "the fields (indicator, summary…), and another line ---"));
			return Optional.empty();
		}
		int end = 1;
		while (end < lines.length && !lines[end].strip().equals("---")) {
			end++;
		}
		if (end == lines.length) {
			problems.add(new KnowledgeProblem(name, 1, "the front matter is not closed: end it with a line ---"));
			return Optional.empty();
		}
		frontMatter(parts, lines, end, problems);
		int firstBodyLine = end + 2;
		StringBuilder body = new StringBuilder();
		int bodyStart = end + 1;
		while (bodyStart < lines.length && lines[bodyStart].isBlank()) {
			bodyStart++;
			firstBodyLine++;
		}
		for (int i = bodyStart; i < lines.length; i++) {
			body.append(lines[i]).append((i < lines.length - 1) ? "\n" : "");
		}
		if (body.toString().isBlank()) {
			problems
				.add(new KnowledgeProblem(name, end + 1, "the card has no detail: write it below the front matter"));
		}
		TemplateText.parse(body.toString().stripTrailing(), name, firstBodyLine, problems)
			.ifPresent((detail) -> parts.detail = detail);
		if (parts.summary == null && parts.summaryLine == 0) {
			problems.add(new KnowledgeProblem(name, 1, "the front matter has no summary"));
		}
		checkTables(parts, problems);
		return (problems.size() > before) ? Optional.empty() : Optional.of(new CardTemplate(parts));
	}

	private static void frontMatter(Builder parts, String[] lines, int end, List<KnowledgeProblem> problems) {
		String name = parts.file;
		String block = null;
		int blockLine = 0;
		Set<String> seen = new java.util.HashSet<>();
		for (int i = 1; i < end; i++) {
			int line = i + 1;
			String text = lines[i];
			if (text.isBlank() || text.strip().startsWith("#")) {
				continue;
			}
			Matcher field = FIELD.matcher(text);
			if (field.matches()) {
				String key = field.group(1);
				String value = (field.group(2) == null) ? "" : field.group(2).strip();
				if (!seen.add(key)) {
					problems.add(new KnowledgeProblem(name, line, "the field " + key + " is given twice"));
				}
				block = null;
				if (value.isEmpty()) {
					block = key;
					blockLine = line;
					if (!FIELDS.contains(key) || key.equals("citations") || key.equals("override-reasons")
							|| key.equals("suggestions")) {
						if (!FIELDS.contains(key)) {
							parts.tables.put(key, new TemplateText.Table(key, line, new LinkedHashMap<>()));
						}
						continue;
					}
					problems.add(new KnowledgeProblem(name, line, "the field " + key + " has no value"));
					continue;
				}
				inline(parts, key, value, line, problems);
				continue;
			}
			Matcher item = ITEM.matcher(text);
			Matcher row = ROW.matcher(text);
			if (block != null && item.matches() && !parts.tables.containsKey(block)) {
				listItem(parts, block, item.group(1).strip(), line, problems);
			}
			else if (block != null && row.matches() && parts.tables.containsKey(block)) {
				TemplateText.Table table = parts.tables.get(block);
				if (table.rows().containsKey(row.group(1))) {
					problems.add(new KnowledgeProblem(name, line,
							"the table " + block + " has the row " + row.group(1) + " twice"));
				}
				TemplateText.parse(row.group(2).strip(), name, line, problems)
					.ifPresent((rowText) -> table.rows().put(row.group(1), rowText));
			}
			else {
				problems.add(new KnowledgeProblem(name, line,
						"cannot read this line of the front matter: write "
								+ "'field: value', or '  - item' under citations, override-reasons or suggestions, "
								+ "or '  word: text' under a table"));
			}
		}
		if (block != null && parts.tables.containsKey(block) && parts.tables.get(block).rows().isEmpty()) {
			problems.add(new KnowledgeProblem(name, blockLine, "the table " + block + " has no rows"));
		}
	}

	private static void inline(Builder parts, String key, String value, int line, List<KnowledgeProblem> problems) {
		String name = parts.file;
		switch (key) {
			case "indicator" -> {
				if (!INDICATORS.contains(value)) {
					problems
						.add(new KnowledgeProblem(name, line, "indicator is critical, warning or info, not " + value));
				}
				parts.indicator = new Entry(value, line);
			}
			case "problem" -> {
				if (!KEY.matcher(value).matches()) {
					problems.add(new KnowledgeProblem(name, line,
							"a problem key is lower-case letters, digits and dashes, not " + value));
				}
				parts.problem = value;
			}
			case "summary" -> {
				parts.summaryLine = line;
				parts.summarySource = value;
				TemplateText.parse(value, name, line, problems).ifPresent((summary) -> parts.summary = summary);
			}
			case "citations", "override-reasons" -> {
				for (String each : value.split(",")) {
					listItem(parts, key, each.strip(), line, problems);
				}
			}
			case "suggestions" -> problems.add(new KnowledgeProblem(name, line,
					"suggestions are listed one per line below 'suggestions:', as '  - remove-order: label'"));
			default -> problems.add(new KnowledgeProblem(name, line, "unknown field " + key
					+ " (the fields are indicator, problem, summary, citations, override-reasons and suggestions; "
					+ "a table has its rows on the lines below it)"));
		}
	}

	private static void listItem(Builder parts, String key, String value, int line, List<KnowledgeProblem> problems) {
		String name = parts.file;
		if (value.isEmpty()) {
			problems.add(new KnowledgeProblem(name, line, "an empty item in " + key));
			return;
		}
		switch (key) {
			case "citations" -> parts.citations.add(new Entry(value, line));
			case "override-reasons" -> parts.overrideReasons.add(new Entry(value, line));
			case "suggestions" -> suggestion(parts, value, line, problems);
			default -> problems.add(new KnowledgeProblem(name, line, key + " is not a list"));
		}
	}

	private static void suggestion(Builder parts, String value, int line, List<KnowledgeProblem> problems) {
		String name = parts.file;
		Matcher suggestion = SUGGESTION.matcher(value);
		if (!suggestion.matches()) {
			problems.add(new KnowledgeProblem(name, line,
					"a suggestion is 'remove-order: label', 'change-dose <mg>: label' or "
							+ "'titrate <mg> mg for <n> weeks, …, then <mg> mg: label', not " + value));
			return;
		}
		String action = suggestion.group(1);
		String dose = suggestion.group(2);
		if (action.equals("titrate")) {
			titration(parts, value, suggestion, line, problems);
			return;
		}
		if (action.equals("change-dose") == (dose == null)) {
			problems.add(new KnowledgeProblem(name, line, action.equals("change-dose")
					? "change-dose needs the new daily dose in mg: 'change-dose 1.5: label' or 'change-dose {dose}: label'"
					: "remove-order takes nothing before its label"));
			return;
		}
		if (dose != null && !dose.strip().startsWith("{")) {
			try {
				Double.parseDouble(dose.strip());
			}
			catch (NumberFormatException ex) {
				problems.add(new KnowledgeProblem(name, line, "change-dose needs a dose in mg, not " + dose));
				return;
			}
		}
		Optional<TemplateText> doseText = (dose == null) ? Optional.empty()
				: TemplateText.parse(dose.strip(), name, line, problems);
		Optional<TemplateText> label = TemplateText.parse(suggestion.group(3).strip(), name, line, problems);
		if (label.isPresent() && (dose == null || doseText.isPresent())) {
			parts.suggestions.add(new SuggestionTemplate(action, doseText.orElse(null), List.of(), label.get(), line));
			parts.suggestionSources.add(new Entry(value, line));
		}
	}

	/**
	 * {@code titrate 1.5 mg for 1 week, 3 mg for 1 week, then 4.5 mg: label}: steps with
	 * a duration, then the dose to stay on.
	 */
	private static void titration(Builder parts, String value, Matcher suggestion, int line,
			List<KnowledgeProblem> problems) {
		String name = parts.file;
		String spec = (suggestion.group(2) == null) ? "" : suggestion.group(2).strip();
		String[] written = spec.split(",");
		List<DoseStep> steps = new ArrayList<>();
		for (int i = 0; i < written.length; i++) {
			String step = written[i].strip();
			boolean last = i == written.length - 1;
			Matcher timed = TIMED_STEP.matcher(step);
			Matcher then = LAST_STEP.matcher(step);
			if (!last && timed.matches()) {
				boolean weeks = timed.group(3).startsWith("week");
				steps.add(new DoseStep(Double.parseDouble(timed.group(1)), Integer.valueOf(timed.group(2)),
						weeks ? "wk" : "d"));
			}
			else if (last && then.matches() && !steps.isEmpty()) {
				steps.add(new DoseStep(Double.parseDouble(then.group(1)), null, null));
			}
			else {
				problems.add(new KnowledgeProblem(name, line, "titrate lists steps as '1.5 mg for 1 week, "
						+ "3 mg for 1 week, then 4.5 mg' (at least one step with a duration, then the dose to stay on), "
						+ "not '" + step + "'"));
				return;
			}
		}
		if (steps.stream().anyMatch((step) -> step.doseMg() <= 0)) {
			problems.add(new KnowledgeProblem(name, line, "titrate needs doses above 0 mg"));
			return;
		}
		Optional<TemplateText> label = TemplateText.parse(suggestion.group(3).strip(), name, line, problems);
		if (label.isPresent()) {
			parts.suggestions.add(new SuggestionTemplate("titrate", null, List.copyOf(steps), label.get(), line));
			parts.suggestionSources.add(new Entry(value, line));
		}
	}

	private static void checkTables(Builder parts, List<KnowledgeProblem> problems) {
		if (parts.tables.isEmpty()) {
			return;
		}
		// A table is shown by a placeholder of its name anywhere: in the summary or the
		// detail, inside a repeated section (by an item's field), or in another table's
		// row.
		List<TemplateText.Placeholder> placeholders = new ArrayList<>();
		if (parts.summary != null) {
			placeholders.addAll(parts.summary.allPlaceholders());
		}
		if (parts.detail != null) {
			placeholders.addAll(parts.detail.allPlaceholders());
		}
		parts.tables.values()
			.forEach((table) -> table.rows().values().forEach((row) -> placeholders.addAll(row.allPlaceholders())));
		for (TemplateText.Table table : parts.tables.values()) {
			boolean used = false;
			for (TemplateText.Placeholder placeholder : placeholders) {
				if (placeholder.name().equals(table.name())) {
					used = true;
					if (!placeholder.modifiers().isEmpty()) {
						problems.add(new KnowledgeProblem(parts.file, placeholder.line(), "{" + table.name()
								+ "} shows a row of the table " + table.name() + ": it takes no modifier"));
					}
				}
			}
			if (!used) {
				problems.add(new KnowledgeProblem(parts.file, table.line(),
						"the table " + table.name() + " is not used: show it with {" + table.name() + "}"));
			}
		}
	}

	/** The parts of a template as they are read. */
	private static final class Builder {

		private final String file;

		private String key;

		private String problem;

		private Entry indicator;

		private TemplateText summary;

		private String summarySource = "";

		private int summaryLine;

		private TemplateText detail;

		private final List<Entry> citations = new ArrayList<>();

		private final List<Entry> overrideReasons = new ArrayList<>();

		private final List<SuggestionTemplate> suggestions = new ArrayList<>();

		private final List<Entry> suggestionSources = new ArrayList<>();

		private final Map<String, TemplateText.Table> tables = new LinkedHashMap<>();

		private Builder(String file) {
			this.file = file;
		}

	}

}
