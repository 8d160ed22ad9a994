package org.ldncds.knowledge;

import java.util.List;

/**
 * The knowledge does not hold together: a rule names a value set, card template, citation
 * or override reason that does not exist, or a template needs a value its rule does not
 * give. The message names every problem by file and line, so that the person who edited
 * the knowledge can fix it from the startup log.
 */
public class KnowledgeCheckException extends RuntimeException {

	private final List<KnowledgeProblem> problems;

	public KnowledgeCheckException(List<KnowledgeProblem> problems) {
		super("Knowledge check failed:\n  "
				+ String.join("\n  ", problems.stream().map(KnowledgeProblem::toString).toList()));
		this.problems = List.copyOf(problems);
	}

	/** Each problem, with its file and line. */
	public List<KnowledgeProblem> problems() {
		return problems;
	}

}
