package org.ldncds.rules;

import java.util.List;

/**
 * The rules folder holds DRL that does not compile. The message names every problem by
 * file and line, so that the person who edited the rule can fix it from the startup log.
 */
public class RuleCompilationException extends RuntimeException {

	private final List<String> problems;

	public RuleCompilationException(List<String> problems) {
		super("Rules do not compile:\n  " + String.join("\n  ", problems));
		this.problems = List.copyOf(problems);
	}

	/** Each problem as {@code file:line: message}. */
	public List<String> problems() {
		return problems;
	}

}
