package org.ldncds.knowledge;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with named placeholders: the little language of card templates, described for its
 * writers in {@code rules/README.md}.
 *
 * <pre>
 * {name}                 the value the rule gave, as text (a list: its names, comma separated)
 * {name|max:60}          the same in at most 60 characters ("oxycodone, +2 more")
 * {name|lower}           the same in lower case
 * {#name}…{/name}        shown when the value is there: yes, a text, a number, a list with items
 * {^name}…{/name}        shown when it is not: no, nothing, an empty list
 * {#name=word}…{/name}   shown when the value is that word ({^name=word}: when it is not)
 * {*name}…{/name}        repeated for each item of a list; inside, {field} is the item's field
 * \{                     a brace
 * </pre>
 *
 * A line that holds nothing but one section tag ({#…}, {^…}, {*…}, {/…}) takes no room:
 * it is left out with its line break. A value the text needs and the rule did not give is
 * an error, never an empty space.
 */
final class TemplateText {

	private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

	private static final Pattern SECTION = Pattern.compile("([#^*])(" + NAME + ")(?:=([A-Za-z0-9_.-]+))?");

	private static final Pattern END = Pattern.compile("/(" + NAME + ")");

	private static final Pattern VALUE = Pattern.compile("(" + NAME + ")((?:\\|[^|]*)*)");

	private static final Pattern MAX = Pattern.compile("max:([1-9][0-9]{0,3})");

	private static final Pattern STANDALONE_TAG = Pattern.compile("[ \\t]*(\\{[#^*/][^{}]*\\})[ \\t]*");

	private final List<Node> nodes;

	private TemplateText(List<Node> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/** A part of the text. */
	sealed interface Node {

	}

	/** Text shown as written. */
	record Literal(String text) implements Node {
	}

	/** {@code {name|modifier…}}. */
	record Placeholder(String name, List<String> modifiers, int line) implements Node {
	}

	/** {@code {#name}}, {@code {^name}}, {@code {#name=word}} or {@code {*name}}. */
	record Section(Kind kind, String name, String word, List<Node> children, int line) implements Node {
	}

	enum Kind {

		/** {@code {#…}}: shown when the value is there (or is the word). */
		SHOWN,
		/** {@code {^…}}: shown when the value is not there (or is not the word). */
		HIDDEN,
		/** {@code {*…}}: once for each item. */
		EACH

	}

	/** A name the text uses, and where. */
	record Use(String name, int line) {
	}

	/**
	 * Reads the text, reporting each mistake with its line.
	 * @param file the file the text is in, for problems
	 * @param firstLine the line of the file the text starts on
	 * @return the text, or empty when it has mistakes (they are in {@code problems})
	 */
	static Optional<TemplateText> parse(String text, String file, int firstLine, List<KnowledgeProblem> problems) {
		int before = problems.size();
		Deque<Section> open = new ArrayDeque<>();
		Deque<List<Node>> content = new ArrayDeque<>();
		content.push(new ArrayList<>());
		String[] lines = text.split("(?<=\n)", -1);
		for (int i = 0; i < lines.length; i++) {
			int lineNumber = firstLine + i;
			String line = lines[i];
			String withoutBreak = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
			Matcher standalone = STANDALONE_TAG.matcher(withoutBreak);
			if (standalone.matches()) {
				line = standalone.group(1);
			}
			parseLine(line, file, lineNumber, open, content, problems);
		}
		for (Section section : open) {
			problems.add(new KnowledgeProblem(file, section.line(),
					tagOf(section) + " is not closed: end it with {/" + section.name() + "}"));
		}
		return (problems.size() > before) ? Optional.empty() : Optional.of(new TemplateText(content.pop()));
	}

	private static void parseLine(String line, String file, int lineNumber, Deque<Section> open,
			Deque<List<Node>> content, List<KnowledgeProblem> problems) {
		StringBuilder literal = new StringBuilder();
		int at = 0;
		while (at < line.length()) {
			char c = line.charAt(at);
			if (c == '\\' && at + 1 < line.length() && line.charAt(at + 1) == '{') {
				literal.append('{');
				at += 2;
				continue;
			}
			if (c != '{') {
				literal.append(c);
				at++;
				continue;
			}
			int close = line.indexOf('}', at);
			int nextOpen = line.indexOf('{', at + 1);
			if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
				problems.add(new KnowledgeProblem(file, lineNumber,
						"a { with no } after it: write a placeholder as {name}, or \\{ for a brace"));
				return;
			}
			if (!literal.isEmpty()) {
				content.peek().add(new Literal(literal.toString()));
				literal.setLength(0);
			}
			tag(line.substring(at + 1, close), file, lineNumber, open, content, problems);
			at = close + 1;
		}
		if (!literal.isEmpty()) {
			content.peek().add(new Literal(literal.toString()));
		}
	}

	private static void tag(String tag, String file, int line, Deque<Section> open, Deque<List<Node>> content,
			List<KnowledgeProblem> problems) {
		Matcher section = SECTION.matcher(tag);
		Matcher end = END.matcher(tag);
		Matcher value = VALUE.matcher(tag);
		if (section.matches()) {
			Kind kind = switch (section.group(1)) {
				case "#" -> Kind.SHOWN;
				case "^" -> Kind.HIDDEN;
				default -> Kind.EACH;
			};
			if (kind == Kind.EACH && section.group(3) != null) {
				problems.add(new KnowledgeProblem(file, line, "{" + tag + "}: a repeated section takes no =word"));
			}
			open.push(new Section(kind, section.group(2), section.group(3), List.of(), line));
			content.push(new ArrayList<>());
		}
		else if (end.matches()) {
			if (open.isEmpty()) {
				problems.add(new KnowledgeProblem(file, line, "{" + tag + "} closes no section"));
				return;
			}
			Section opened = open.pop();
			if (!opened.name().equals(end.group(1))) {
				problems.add(new KnowledgeProblem(file, line, "{" + tag + "} closes " + tagOf(opened) + " (line "
						+ opened.line() + "): close it with {/" + opened.name() + "}"));
			}
			List<Node> children = content.pop();
			content.peek()
				.add(new Section(opened.kind(), opened.name(), opened.word(), List.copyOf(children), opened.line()));
		}
		else if (value.matches()) {
			List<String> modifiers = new ArrayList<>();
			String rest = value.group(2);
			for (String modifier : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\|", -1)) {
				if (!MAX.matcher(modifier).matches() && !"lower".equals(modifier)) {
					problems.add(new KnowledgeProblem(file, line, "{" + tag + "}: unknown modifier '" + modifier
							+ "' (there are max:N, at most N characters, and lower)"));
				}
				modifiers.add(modifier);
			}
			content.peek().add(new Placeholder(value.group(1), List.copyOf(modifiers), line));
		}
		else {
			problems.add(new KnowledgeProblem(file, line, "cannot read {" + tag
					+ "}: write {name}, {name|max:60}, {#name}…{/name}, {^name}…{/name}, {*name}…{/name}, or \\{ for a brace"));
		}
	}

	private static String tagOf(Section section) {
		String sign = switch (section.kind()) {
			case SHOWN -> "#";
			case HIDDEN -> "^";
			case EACH -> "*";
		};
		return "{" + sign + section.name() + ((section.word() == null) ? "" : "=" + section.word()) + "}";
	}

	/**
	 * The names the text uses. Names inside a repeated section go to {@code inner}: they
	 * may be fields of the items rather than values of the rule.
	 */
	void collectUses(List<Use> outer, List<Use> inner) {
		collect(nodes, outer, inner, false);
	}

	/** The placeholders (not sections) the text uses, outside repeated sections. */
	List<Placeholder> placeholders() {
		List<Placeholder> found = new ArrayList<>();
		placeholders(nodes, found);
		return found;
	}

	/**
	 * Every placeholder, those inside repeated sections too: where a table may be shown
	 * (a repeated section shows a table for each item, by the item's field).
	 */
	List<Placeholder> allPlaceholders() {
		List<Placeholder> found = new ArrayList<>();
		allPlaceholders(nodes, found);
		return found;
	}

	private static void allPlaceholders(List<Node> nodes, List<Placeholder> found) {
		for (Node node : nodes) {
			if (node instanceof Placeholder placeholder) {
				found.add(placeholder);
			}
			else if (node instanceof Section section) {
				allPlaceholders(section.children(), found);
			}
		}
	}

	private static void placeholders(List<Node> nodes, List<Placeholder> found) {
		for (Node node : nodes) {
			if (node instanceof Placeholder placeholder) {
				found.add(placeholder);
			}
			else if (node instanceof Section section && section.kind() != Kind.EACH) {
				placeholders(section.children(), found);
			}
		}
	}

	private static void collect(List<Node> nodes, List<Use> outer, List<Use> inner, boolean inItems) {
		for (Node node : nodes) {
			if (node instanceof Placeholder placeholder) {
				(inItems ? inner : outer).add(new Use(placeholder.name(), placeholder.line()));
			}
			else if (node instanceof Section section) {
				(inItems ? inner : outer).add(new Use(section.name(), section.line()));
				collect(section.children(), outer, inner, inItems || section.kind() == Kind.EACH);
			}
		}
	}

	/** The text with the values in. */
	String render(Values values) {
		StringBuilder out = new StringBuilder();
		render(nodes, values, out);
		return out.toString();
	}

	private static void render(List<Node> nodes, Values values, StringBuilder out) {
		for (Node node : nodes) {
			if (node instanceof Literal literal) {
				out.append(literal.text());
			}
			else if (node instanceof Placeholder placeholder) {
				out.append(values.text(placeholder));
			}
			else if (node instanceof Section section) {
				renderSection(section, values, out);
			}
		}
	}

	private static void renderSection(Section section, Values values, StringBuilder out) {
		Object value = values.lookUp(section.name(), section.line());
		if (section.kind() == Kind.EACH) {
			if (value == null) {
				return;
			}
			if (!(value instanceof Collection<?> items)) {
				throw values.error(section.line(), "{*" + section.name() + "} repeats over a list, but the value is "
						+ value.getClass().getSimpleName());
			}
			for (Object item : items) {
				values.items.push(item);
				try {
					render(section.children(), values, out);
				}
				finally {
					values.items.pop();
				}
			}
			return;
		}
		boolean there = (section.word() == null) ? isThere(value)
				: value != null && section.word().equals(String.join(", ", values.texts(value, section.line())));
		if (there == (section.kind() == Kind.SHOWN)) {
			render(section.children(), values, out);
		}
	}

	private static boolean isThere(Object value) {
		return value != null && !Boolean.FALSE.equals(value)
				&& !(value instanceof Collection<?> collection && collection.isEmpty())
				&& !(value instanceof CharSequence text && text.isEmpty());
	}

	/**
	 * The values a text is rendered with: the rule's, the items of the repeated sections
	 * it is in, and the template's tables.
	 */
	static final class Values {

		private final String file;

		private final String rule;

		private final Map<String, Object> given;

		private final Map<String, Table> tables;

		private final Deque<Object> items = new ArrayDeque<>();

		/**
		 * @param file the template, for errors
		 * @param rule the rule that gave the values, for errors
		 * @param given the values by name; a name may be given with no value (null)
		 * @param tables the template's tables, by name
		 */
		Values(String file, String rule, Map<String, Object> given, Map<String, Table> tables) {
			this.file = file;
			this.rule = rule;
			this.given = given;
			this.tables = tables;
		}

		/**
		 * The same values with one more item in scope (the order a suggestion changes).
		 */
		Values with(Object item) {
			Values values = new Values(file, rule, given, tables);
			values.items.addAll(items);
			values.items.push(item);
			return values;
		}

		String text(Placeholder placeholder) {
			Object value = lookUp(placeholder.name(), placeholder.line());
			if (value == null) {
				throw error(placeholder.line(),
						"{" + placeholder.name() + "} has no value: rule \"" + rule + "\" gave none (use {#"
								+ placeholder.name() + "}…{/" + placeholder.name() + "} where a value may be missing)");
			}
			Table table = tables.get(placeholder.name());
			if (table != null) {
				String word = String.join(", ", texts(value, placeholder.line()));
				TemplateText row = table.rows().get(word);
				if (row == null) {
					throw error(placeholder.line(), "the table " + table.name() + " (line " + table.line()
							+ ") has no row for '" + word + "', given by rule \"" + rule + "\"");
				}
				return row.render(this);
			}
			List<String> texts = texts(value, placeholder.line());
			for (String modifier : placeholder.modifiers()) {
				Matcher max = MAX.matcher(modifier);
				if (max.matches()) {
					texts = List.of(CardText.list(texts, Integer.parseInt(max.group(1))));
				}
				else {
					texts = texts.stream().map((text) -> text.toLowerCase(Locale.ROOT)).toList();
				}
			}
			return String.join(", ", texts);
		}

		/** The value of a name: an item's field, else the rule's value. */
		Object lookUp(String name, int line) {
			for (Object item : items) {
				Object field = fieldOf(item, name, line);
				if (field != ABSENT) {
					return field;
				}
			}
			if (!given.containsKey(name)) {
				throw error(line, "{" + name + "} is not given by rule \"" + rule + "\""
						+ (items.isEmpty() ? "" : ", nor is it a field of " + items.peek().getClass().getSimpleName()));
			}
			return given.get(name);
		}

		/** A value as texts: one, or one per distinct item of a list. */
		List<String> texts(Object value, int line) {
			if (value instanceof Collection<?> collection) {
				return collection.stream().map((item) -> textOf(item, line)).distinct().toList();
			}
			return List.of(textOf(value, line));
		}

		private String textOf(Object value, int line) {
			if (value instanceof CharSequence text) {
				return text.toString();
			}
			if (value instanceof Double || value instanceof Float) {
				return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
			}
			if (value instanceof BigDecimal decimal) {
				return decimal.stripTrailingZeros().toPlainString();
			}
			if (value instanceof Integer || value instanceof Long || value instanceof Short) {
				return value.toString();
			}
			if (value instanceof Enum<?> word) {
				return word.name();
			}
			if (value instanceof Boolean) {
				throw error(line, "a yes/no value cannot be shown as text: use it in {#name}…{/name}");
			}
			Object name = (value == null) ? ABSENT : fieldOf(value, "name", line);
			if (name instanceof CharSequence text) {
				return text.toString();
			}
			throw error(line, "a " + ((value == null) ? "missing value" : value.getClass().getSimpleName())
					+ " cannot be shown as text");
		}

		/**
		 * A field of an item: a map's entry, or a public method without parameters
		 * ({@code name()}, {@code isName()} or {@code getName()}) of the item's class;
		 * {@link #ABSENT} when the item has no such field.
		 */
		private Object fieldOf(Object item, String name, int line) {
			if (item instanceof Map<?, ?> map) {
				return map.containsKey(name) ? map.get(name) : ABSENT;
			}
			String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
			for (String methodName : List.of(name, "is" + capitalised, "get" + capitalised)) {
				try {
					Method method = item.getClass().getMethod(methodName);
					if (method.getDeclaringClass() != Object.class && !Modifier.isStatic(method.getModifiers())) {
						return method.invoke(item);
					}
				}
				catch (NoSuchMethodException ex) {
					// try the next spelling
				}
				catch (IllegalAccessException | InvocationTargetException ex) {
					throw error(line,
							"the field " + name + " of " + item.getClass().getSimpleName() + " cannot be read: " + ex);
				}
			}
			return ABSENT;
		}

		IllegalStateException error(int line, String message) {
			return new IllegalStateException(file + ":" + line + ": " + message);
		}

	}

	/** What {@code fieldOf} answers for a field the item does not have. */
	private static final Object ABSENT = new Object();

	/**
	 * Words for the words a rule gives: {@code {why}} shows the row of the table
	 * {@code why} named by the rule's value {@code why}.
	 *
	 * @param name the table's name, as used in placeholders
	 * @param line where the table starts
	 * @param rows the text for each word
	 */
	record Table(String name, int line, Map<String, TemplateText> rows) {
	}

}
