package org.ldncds.rules;

/**
 * Something in a rule file that compiles but that the rule compiler advises against, such
 * as an {@code eval} over bindings of earlier patterns. The rules are used all the same;
 * the warning is for the person who edits them.
 *
 * @param file the path relative to the rules folder, e.g. {@code ldn/opioids.drl}, or
 * {@code ?} when the compiler does not say
 * @param line the line in that file, or 0 when the compiler does not say
 * @param message what the compiler advises
 */
public record RuleWarning(String file, int line, String message) {

	/** As {@code file:line: message}, the form of a compilation error. */
	@Override
	public String toString() {
		return file + ":" + line + ": " + message;
	}

}
