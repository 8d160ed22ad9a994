package org.ldncds.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.EvalCondition;
import org.drools.base.rule.RuleConditionElement;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.kie.api.KieBase;

/**
 * The {@code eval}s the rule compiler warns about: those over a binding of an earlier
 * pattern, which the engine cannot index and evaluates again at every change. Drools logs
 * these straight to its own logger, without file or line and not more than ten times in a
 * JVM, and leaves them out of the KieBuilder's results; so they are found here again, by
 * Drools' own test on the compiled rules, and located in the parsed DRL.
 */
final class EvalWarnings {

	private static final String ADVICE = "uses bindings of earlier patterns, which Drools cannot index: "
			+ "state the condition as patterns (exists, not, or, a constraint on an accumulate)";

	private EvalWarnings() {
	}

	/** One warning per such eval, at its line. */
	static List<RuleWarning> of(KieBase kieBase, List<RuleSource> sources) {
		Map<String, RuleSource> byName = new HashMap<>();
		sources.forEach((source) -> byName.put(source.name(), source));
		Map<String, PackageDescr> parsed = new HashMap<>();
		List<RuleWarning> warnings = new ArrayList<>();
		kieBase.getKiePackages()
			.stream()
			.flatMap((kiePackage) -> kiePackage.getRules().stream())
			.map(RuleImpl.class::cast)
			.filter((rule) -> evalsIn(rule.getLhs()).stream().anyMatch(EvalWarnings::usesPatternBindings))
			.forEach((rule) -> {
				// Each rule keeps the file it was written in, by its name among the
				// sources.
				String file = rule.getResource().getSourcePath();
				PackageDescr drl = parsed.computeIfAbsent(file, (name) -> parse(byName.get(name)));
				warnings.addAll(warningsOf(rule, file, written(drl, rule.getName())));
			});
		return warnings;
	}

	private static List<RuleWarning> warningsOf(RuleImpl rule, String file, RuleDescr written) {
		List<EvalCondition> compiled = evalsIn(rule.getLhs());
		List<EvalDescr> evals = (written == null) ? List.of() : evalsIn(written.getLhs());
		List<RuleWarning> warnings = new ArrayList<>();
		for (int i = 0; i < compiled.size(); i++) {
			if (!usesPatternBindings(compiled.get(i))) {
				continue;
			}
			String where = "rule \"" + rule.getName() + "\": ";
			// Each eval of the DRL is compiled into one condition, in the same order;
			// were
			// it ever otherwise, the warning is at the rule's line rather than none at
			// all.
			if (evals.size() == compiled.size()) {
				EvalDescr eval = evals.get(i);
				warnings.add(new RuleWarning(file, eval.getLine(),
						where + "eval( " + String.valueOf(eval.getContent()).strip() + " ) " + ADVICE));
			}
			else {
				warnings
					.add(new RuleWarning(file, (written == null) ? 0 : written.getLine(), where + "an eval " + ADVICE));
			}
		}
		return warnings;
	}

	/** The test of Drools' warning: a declaration the eval needs comes from a pattern. */
	private static boolean usesPatternBindings(EvalCondition eval) {
		return Arrays.stream(eval.getRequiredDeclarations())
			.anyMatch((declaration) -> declaration.getPattern() != null);
	}

	private static List<EvalCondition> evalsIn(RuleConditionElement element) {
		List<EvalCondition> evals = new ArrayList<>();
		if (element instanceof EvalCondition eval) {
			evals.add(eval);
		}
		else {
			element.getNestedElements().forEach((nested) -> evals.addAll(evalsIn(nested)));
		}
		return evals;
	}

	private static List<EvalDescr> evalsIn(BaseDescr descr) {
		List<EvalDescr> evals = new ArrayList<>();
		if (descr instanceof EvalDescr eval) {
			evals.add(eval);
		}
		else if (descr instanceof PatternDescr pattern) {
			evals.addAll(evalsIn(pattern.getSource()));
		}
		else if (descr instanceof ConditionalElementDescr element) {
			element.getDescrs().forEach((nested) -> evals.addAll(evalsIn(nested)));
		}
		return evals;
	}

	private static RuleDescr written(PackageDescr drl, String ruleName) {
		return drl.getRules().stream().filter((rule) -> rule.getName().equals(ruleName)).findFirst().orElse(null);
	}

	private static PackageDescr parse(RuleSource source) {
		try {
			return new DrlParser().parse(false, source.text());
		}
		catch (DroolsParserException ex) {
			// The sources have just compiled: the same parser does not fail on them now.
			throw new IllegalStateException(source.name() + " no longer parses", ex);
		}
	}

}
