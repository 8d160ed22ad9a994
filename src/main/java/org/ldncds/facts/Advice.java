package org.ldncds.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ldncds.hooks.Indicator;

/**
 * What a rule concludes, before it becomes a card: which card (the advice key, naming the
 * template {@code rules/cards/<key>.md} that holds the words), how urgent when the
 * template leaves it open, the facts it is about, and the named values the words need.
 * Rules state it as a clinical conclusion:
 *
 * <pre>
 * insert(Advice.of("ldn-thyroid-monitoring").about($order)
 *     .with("thyroidDrugs", $thyroid)
 *     .build());
 * </pre>
 *
 * @param key the advice key, naming the card template
 * @param indicator how urgent it is, when the rule states it; {@code null} when the
 * template fixes it
 * @param about the facts it is about: suggestions change the orders among them
 * @param values the values the template's placeholders show, by name; a name may be given
 * with no value ({@code null}), which only a section ({@code {#dose}…{/dose}}) may show
 * @param written the card's words written in the rule, for rules not yet turned into
 * templates; {@code null} for advice with a template
 */
public record Advice(String key, Indicator indicator, List<Object> about, Map<String, Object> values, Written written) {

	public Advice {
		about = List.copyOf(about);
		values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/** Advice whose words are the template of the key. */
	public static Builder of(String key) {
		return new Builder(key);
	}

	/** The medication orders among the facts the advice is about, in order. */
	public List<MedicationFact> orders() {
		return about.stream().filter(MedicationFact.class::isInstance).map(MedicationFact.class::cast).toList();
	}

	/**
	 * Words written in the rule itself, for rules not yet turned into templates.
	 * @deprecated write the words in a card template and make the advice with
	 * {@link Advice#of(String)}
	 */
	@Deprecated
	public static WrittenBuilder info(String problem) {
		return new WrittenBuilder(problem, Indicator.INFO);
	}

	/**
	 * Words written in the rule itself, for rules not yet turned into templates.
	 * @deprecated write the words in a card template and make the advice with
	 * {@link Advice#of(String)}
	 */
	@Deprecated
	public static WrittenBuilder warning(String problem) {
		return new WrittenBuilder(problem, Indicator.WARNING);
	}

	/**
	 * Words written in the rule itself, for rules not yet turned into templates.
	 * @deprecated write the words in a card template and make the advice with
	 * {@link Advice#of(String)}
	 */
	@Deprecated
	public static WrittenBuilder critical(String problem) {
		return new WrittenBuilder(problem, Indicator.CRITICAL);
	}

	/**
	 * Fluent construction, so that DRL consequences read as the conclusion they state.
	 */
	public static final class Builder {

		private final String key;

		private Indicator indicator;

		private final List<Object> about = new ArrayList<>();

		private final Map<String, Object> values = new LinkedHashMap<>();

		private Builder(String key) {
			this.key = key;
		}

		/** Critical, when the template does not fix the indicator. */
		public Builder critical() {
			return indicator(Indicator.CRITICAL);
		}

		/** A warning, when the template does not fix the indicator. */
		public Builder warning() {
			return indicator(Indicator.WARNING);
		}

		/** Information, when the template does not fix the indicator. */
		public Builder info() {
			return indicator(Indicator.INFO);
		}

		private Builder indicator(Indicator stated) {
			if (indicator != null) {
				throw new IllegalStateException("Advice '" + key + "' states its indicator twice");
			}
			indicator = stated;
			return this;
		}

		/**
		 * The facts the advice is about: each a fact or a collection of facts. The card's
		 * suggestions change the medication orders among them.
		 */
		public Builder about(Object... facts) {
			for (Object fact : facts) {
				if (fact instanceof Collection<?> collection) {
					about.addAll(collection);
				}
				else if (fact != null) {
					about.add(fact);
				}
			}
			return this;
		}

		/**
		 * A value the card's words show as {@code {name}}: a text, a number, a fact
		 * (shown by its name), a list of facts, a yes/no or a word; {@code null} when
		 * there is none.
		 */
		public Builder with(String name, Object value) {
			if (values.containsKey(name)) {
				throw new IllegalStateException("Advice '" + key + "' gives the value '" + name + "' twice");
			}
			values.put(name, (value instanceof Collection<?> collection) ? List.copyOf(collection) : value);
			return this;
		}

		public Advice build() {
			return new Advice(key, indicator, about, values, null);
		}

	}

	/**
	 * A card's words written in the rule.
	 *
	 * @param summary one sentence, under 140 characters
	 * @param detail markdown for the card body
	 * @param citations keys of the sources, in the evidence Library
	 * @param suggestions changes the clinician can accept
	 * @param overrideReasons codes of the override reasons offered
	 * @deprecated the words belong in card templates
	 */
	@Deprecated
	public record Written(String summary, String detail, List<String> citations, List<SuggestedChange> suggestions,
			List<String> overrideReasons) {

		public Written {
			citations = List.copyOf(citations);
			suggestions = List.copyOf(suggestions);
			overrideReasons = List.copyOf(overrideReasons);
		}

	}

	/**
	 * Words written in the rule itself, for rules not yet turned into templates.
	 *
	 * @deprecated write the words in a card template
	 */
	@Deprecated
	public static final class WrittenBuilder {

		private final String problem;

		private final Indicator indicator;

		private String summary = "";

		private String detail = "";

		private final List<String> citations = new ArrayList<>();

		private final List<SuggestedChange> suggestions = new ArrayList<>();

		private final List<String> overrideReasons = new ArrayList<>();

		private WrittenBuilder(String problem, Indicator indicator) {
			this.problem = problem;
			this.indicator = indicator;
		}

		public WrittenBuilder summary(String summary) {
			this.summary = summary;
			return this;
		}

		public WrittenBuilder detail(String detail) {
			this.detail = detail;
			return this;
		}

		public WrittenBuilder cite(String... citationKeys) {
			this.citations.addAll(List.of(citationKeys));
			return this;
		}

		public WrittenBuilder suggestRemoving(String orderId, String label) {
			this.suggestions.add(new SuggestedChange.RemoveOrder(orderId, label));
			return this;
		}

		public WrittenBuilder suggestDose(String orderId, double doseMg, String label) {
			this.suggestions.add(new SuggestedChange.ChangeDose(orderId, doseMg, label));
			return this;
		}

		public WrittenBuilder overrideReasons(String... codes) {
			this.overrideReasons.addAll(List.of(codes));
			return this;
		}

		public Advice build() {
			return new Advice(problem, indicator, List.of(), Map.of(),
					new Written(summary, detail, citations, suggestions, overrideReasons));
		}

	}

}
