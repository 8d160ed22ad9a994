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
 */
public record Advice(String key, Indicator indicator, List<Object> about, Map<String, Object> values) {

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
			return new Advice(key, indicator, about, values);
		}

	}

}
