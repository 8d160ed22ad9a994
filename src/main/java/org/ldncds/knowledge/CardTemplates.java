package org.ldncds.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The card templates of the rules folder, by advice key, as checked against the rules and
 * the FHIR knowledge by {@link KnowledgeCheck}. Immutable.
 */
public final class CardTemplates {

	private final Map<String, CardTemplate> byKey;

	CardTemplates(Map<String, CardTemplate> byKey) {
		this.byKey = Map.copyOf(byKey);
	}

	/** The template of the advice key, if there is one. */
	public Optional<CardTemplate> get(String key) {
		return Optional.ofNullable(byKey.get(key));
	}

	/** Every template, by advice key. */
	public List<CardTemplate> all() {
		return List.copyOf(new TreeMap<>(byKey).values());
	}

}
