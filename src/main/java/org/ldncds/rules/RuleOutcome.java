package org.ldncds.rules;

import java.util.List;

/**
 * What one evaluation produced: each output fact with the rule that inserted it, and the
 * names of all rules that fired.
 */
public record RuleOutcome<T>(List<Fired<T>> outputs, List<String> firedRules) {

	public RuleOutcome {
		outputs = List.copyOf(outputs);
		firedRules = List.copyOf(firedRules);
	}

	/** An output fact and the name of the rule that produced it. */
	public record Fired<T>(String rule, T output) {
	}

}
