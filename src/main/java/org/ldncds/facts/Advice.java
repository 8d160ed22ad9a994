package org.ldncds.facts;

import java.util.ArrayList;
import java.util.List;
import org.ldncds.hooks.Indicator;

/**
 * What a rule concludes, before it becomes a card. Rules build it with
 * {@code Advice.critical("problem").summary(...).detail(...).cite(...).build()}; citation
 * keys and override reason codes refer to the knowledge base in {@code fhir-profiles/}.
 *
 * @param problem a stable key for the clinical problem: two rules that flag the same
 * problem produce one card
 * @param indicator how urgent it is
 * @param summary one sentence, under 140 characters
 * @param detail markdown for the card body
 * @param citations keys of the sources, in the evidence Library
 * @param suggestions changes the clinician can accept
 * @param overrideReasons codes of the override reasons offered
 */
public record Advice(String problem, Indicator indicator, String summary, String detail, List<String> citations,
		List<SuggestedChange> suggestions, List<String> overrideReasons) {

	public Advice {
		citations = List.copyOf(citations);
		suggestions = List.copyOf(suggestions);
		overrideReasons = List.copyOf(overrideReasons);
	}

	public static Builder info(String problem) {
		return new Builder(problem, Indicator.INFO);
	}

	public static Builder warning(String problem) {
		return new Builder(problem, Indicator.WARNING);
	}

	public static Builder critical(String problem) {
		return new Builder(problem, Indicator.CRITICAL);
	}

	/** Fluent construction, so that DRL consequences read as the card they make. */
	public static final class Builder {

		private final String problem;

		private final Indicator indicator;

		private String summary = "";

		private String detail = "";

		private final List<String> citations = new ArrayList<>();

		private final List<SuggestedChange> suggestions = new ArrayList<>();

		private final List<String> overrideReasons = new ArrayList<>();

		private Builder(String problem, Indicator indicator) {
			this.problem = problem;
			this.indicator = indicator;
		}

		public Builder summary(String summary) {
			this.summary = summary;
			return this;
		}

		public Builder detail(String detail) {
			this.detail = detail;
			return this;
		}

		public Builder cite(String... citationKeys) {
			this.citations.addAll(List.of(citationKeys));
			return this;
		}

		public Builder suggestRemoving(String orderId, String label) {
			this.suggestions.add(new SuggestedChange.RemoveOrder(orderId, label));
			return this;
		}

		public Builder suggestDose(String orderId, double doseMg, String label) {
			this.suggestions.add(new SuggestedChange.ChangeDose(orderId, doseMg, label));
			return this;
		}

		public Builder overrideReasons(String... codes) {
			this.overrideReasons.addAll(List.of(codes));
			return this;
		}

		public Advice build() {
			return new Advice(problem, indicator, summary, detail, citations, suggestions, overrideReasons);
		}

	}

}
