package org.ldncds.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a DRL file says about the rest of the knowledge, read from its text without
 * compiling it: its rules, the value sets each names, the advice each makes with the
 * values it gives, and the comments that explain them. The knowledge check and the
 * knowledge documentation are built on it; the Drools compiler checks the rest.
 *
 * @param name the file's path relative to the rules folder
 * @param comment the comment at the top of the file, before {@code package}
 * @param rules the rules, in file order
 */
public record RuleFile(String name, String comment, List<Rule> rules) {

	private static final Pattern RULE = Pattern.compile("(?m)^[ \\t]*rule[ \\t]+(?:\"([^\"]+)\"|'([^']+)')");

	private static final Pattern VALUE_SET_CALL = Pattern
		.compile("\\b(?:inValueSet|recognisedByName|allRecognisedByName)\\s*\\(");

	private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern ADVICE = Pattern.compile("\\bAdvice\\s*\\.\\s*of\\s*\\(");

	private static final Pattern QUOTED_ARGUMENT = Pattern.compile("\\s*\"([^\"]*)\"\\s*\\)");

	private static final Pattern BUILD = Pattern.compile("\\.\\s*build\\s*\\(\\s*\\)");

	private static final Pattern WITH = Pattern.compile("\\.\\s*with\\s*\\(\\s*(\"([^\"]*)\")?");

	private static final Pattern ABOUT = Pattern.compile("\\.\\s*about\\s*\\(");

	private static final Pattern INDICATOR = Pattern.compile("\\.\\s*(critical|warning|info)\\s*\\(\\s*\\)");

	private static final Pattern DERIVED = Pattern.compile("\\binsert\\s*\\(\\s*new\\s+([A-Z][A-Za-z0-9_]*)\\s*\\(");

	/** A value or name with the line it is on. */
	public record Entry(String value, int line) {
	}

	/**
	 * One rule.
	 *
	 * @param name the rule's name
	 * @param line the line of {@code rule "…"}
	 * @param comment the comment just above the rule, or empty
	 * @param valueSets the value sets the rule names ({@code inValueSet("…")} and the
	 * like)
	 * @param advice the advice the rule makes
	 * @param derives the facts the rule derives ({@code insert(new Naltrexone(…))})
	 * @param mistakes what cannot be read, e.g. an advice key that is not quoted
	 */
	public record Rule(String name, int line, String comment, List<Entry> valueSets, List<AdviceText> advice,
			List<String> derives, List<Entry> mistakes) {
	}

	/**
	 * The advice a rule makes, as written.
	 *
	 * @param key the advice key, naming the card template
	 * @param line the line of {@code Advice.of("…")}
	 * @param values the names of the values given ({@code .with("name", …)})
	 * @param about whether it names the facts it is about ({@code .about(…)})
	 * @param indicator the indicator the rule states ({@code .warning()}), or
	 * {@code null}
	 */
	public record AdviceText(String key, int line, List<Entry> values, boolean about, Entry indicator) {
	}

	/** Reads a DRL file. */
	public static RuleFile read(String name, String text) {
		String code = withoutComments(text);
		int[] lineStarts = lineStarts(text);
		List<Rule> rules = new ArrayList<>();
		Matcher rule = RULE.matcher(code);
		List<int[]> spans = new ArrayList<>();
		List<String> names = new ArrayList<>();
		while (rule.find()) {
			spans.add(new int[] { rule.start(), code.length() });
			names.add((rule.group(1) != null) ? rule.group(1) : rule.group(2));
			if (spans.size() > 1) {
				spans.get(spans.size() - 2)[1] = rule.start();
			}
		}
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < spans.size(); i++) {
			int start = spans.get(i)[0];
			String body = code.substring(start, spans.get(i)[1]);
			int line = lineOf(lineStarts, start);
			rules.add(ruleOf(names.get(i), line, commentAbove(lines, line), body, start, lineStarts));
		}
		return new RuleFile(name, headerComment(lines), List.copyOf(rules));
	}

	private static Rule ruleOf(String name, int line, String comment, String body, int offset, int[] lineStarts) {
		List<Entry> valueSets = new ArrayList<>();
		List<Entry> mistakes = new ArrayList<>();
		Matcher call = VALUE_SET_CALL.matcher(body);
		while (call.find()) {
			int close = closingParenthesis(body, call.end());
			Matcher literal = STRING.matcher(body.substring(call.end(), close));
			while (literal.find()) {
				valueSets.add(new Entry(literal.group(1), lineOf(lineStarts, offset + call.end() + literal.start())));
			}
		}
		List<AdviceText> advice = new ArrayList<>();
		Matcher made = ADVICE.matcher(body);
		while (made.find()) {
			int adviceLine = lineOf(lineStarts, offset + made.start());
			Matcher key = QUOTED_ARGUMENT.matcher(body).region(made.end(), body.length());
			if (!key.lookingAt()) {
				mistakes.add(new Entry("Advice.of needs the advice key in quotes: Advice.of(\"naltrexone-hepatic\")",
						adviceLine));
				continue;
			}
			Matcher build = BUILD.matcher(body);
			int end = build.find(key.end()) ? build.end() : body.length();
			String expression = body.substring(key.end(), end);
			int expressionOffset = offset + key.end();
			List<Entry> values = new ArrayList<>();
			Matcher with = WITH.matcher(expression);
			while (with.find()) {
				int withLine = lineOf(lineStarts, expressionOffset + with.start());
				if (with.group(1) == null) {
					mistakes.add(new Entry("with(…) needs the value's name in quotes: with(\"dose\", …)", withLine));
				}
				else {
					values.add(new Entry(with.group(2), withLine));
				}
			}
			Matcher indicator = INDICATOR.matcher(expression);
			Entry stated = indicator.find()
					? new Entry(indicator.group(1), lineOf(lineStarts, expressionOffset + indicator.start())) : null;
			advice.add(new AdviceText(key.group(1), adviceLine, List.copyOf(values), ABOUT.matcher(expression).find(),
					stated));
		}
		List<String> derives = new ArrayList<>();
		Matcher derived = DERIVED.matcher(body);
		while (derived.find()) {
			derives.add(derived.group(1));
		}
		return new Rule(name, line, comment, List.copyOf(valueSets), List.copyOf(advice), List.copyOf(derives),
				List.copyOf(mistakes));
	}

	private static int closingParenthesis(String text, int from) {
		int depth = 1;
		boolean inString = false;
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return i;
			}
		}
		return text.length();
	}

	/**
	 * The text with its comments blanked out (line breaks kept, so that offsets and lines
	 * stay those of the file) and its strings kept.
	 */
	static String withoutComments(String text) {
		StringBuilder code = new StringBuilder(text);
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			char next = (i + 1 < text.length()) ? text.charAt(i + 1) : '\0';
			if (c == '"' || c == '\'') {
				i = skipString(text, i, c);
			}
			else if (c == '/' && next == '/') {
				while (i < text.length() && text.charAt(i) != '\n') {
					code.setCharAt(i++, ' ');
				}
			}
			else if (c == '/' && next == '*') {
				int end = text.indexOf("*/", i + 2);
				end = (end < 0) ? text.length() : end + 2;
				for (; i < end; i++) {
					if (text.charAt(i) != '\n') {
						code.setCharAt(i, ' ');
					}
				}
			}
			else {
				i++;
			}
		}
		return code.toString();
	}

	private static int skipString(String text, int start, char quote) {
		int i = start + 1;
		while (i < text.length() && text.charAt(i) != quote && text.charAt(i) != '\n') {
			i += (text.charAt(i) == '\\') ? 2 : 1;
		}
		return i + 1;
	}

	private static int[] lineStarts(String text) {
		List<Integer> starts = new ArrayList<>(List.of(0));
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				starts.add(i + 1);
			}
		}
		return starts.stream().mapToInt(Integer::intValue).toArray();
	}

	private static int lineOf(int[] lineStarts, int offset) {
		int found = Arrays.binarySearch(lineStarts, offset);
		return ((found >= 0) ? found : -found - 2) + 1;
	}

	/** The {@code //} lines at the top of the file, before anything else. */
	private static String headerComment(String[] lines) {
		List<String> comment = new ArrayList<>();
		for (String line : lines) {
			String stripped = line.strip();
			if (!stripped.startsWith("//") && !stripped.isEmpty()) {
				break;
			}
			if (stripped.isEmpty() && !comment.isEmpty()) {
				break;
			}
			if (!stripped.isEmpty()) {
				comment.add(commentText(stripped));
			}
		}
		return String.join("\n", comment).strip();
	}

	/** The {@code //} lines right above the rule's line (1-based). */
	private static String commentAbove(String[] lines, int ruleLine) {
		List<String> comment = new ArrayList<>();
		for (int i = ruleLine - 2; i >= 0 && lines[i].strip().startsWith("//"); i--) {
			comment.add(0, commentText(lines[i].strip()));
		}
		return String.join("\n", comment).strip();
	}

	private static String commentText(String line) {
		String text = line.substring(2);
		return text.startsWith(" ") ? text.substring(1) : text;
	}

}
