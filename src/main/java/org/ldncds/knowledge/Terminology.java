package org.ldncds.knowledge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;

/**
 * Answers "which value sets of the knowledge base hold this code (or this drug name)?".
 *
 * <p>
 * Built once from the ValueSet and NamingSystem resources of {@code fhir-profiles/}. A
 * ValueSet that includes other value sets (by canonical URL) holds their members too.
 * ICD-10-CM codes match by prefix, because the code book splits codes every October: a
 * value set listing {@code G35} also holds {@code G35.A}. Free-text terms are matched on
 * word boundaries, so "naloxone" never matches a term "naltrexone".
 */
public final class Terminology {

	public static final String TEXT_TERM_EXTENSION = "http://ldn-cds.org/fhir/StructureDefinition/text-match-term";

	static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";

	private final CodeSystemAliases aliases;

	private final Map<String, Set<String>> valueSetsByCode = new HashMap<>();

	private final Map<String, Set<String>> valueSetsByIcdPrefix = new HashMap<>();

	private final Map<Pattern, Set<String>> valueSetsByTextTerm = new HashMap<>();

	private final Set<String> valueSetIds = new LinkedHashSet<>();

	private Terminology(CodeSystemAliases aliases) {
		this.aliases = aliases;
	}

	public static Terminology from(List<ValueSet> valueSets, List<NamingSystem> namingSystems) {
		Terminology terminology = new Terminology(CodeSystemAliases.from(namingSystems));
		Map<String, Set<String>> containers = containersByValueSet(valueSets);
		for (ValueSet valueSet : valueSets) {
			terminology.index(valueSet, containers.get(valueSet.getIdElement().getIdPart()));
		}
		return terminology;
	}

	/** The ids of the value sets holding the code; empty for unknown codes or systems. */
	public Set<String> valueSetsOf(String system, String code) {
		if (code == null || code.isBlank()) {
			return Set.of();
		}
		String canonicalSystem = aliases.canonical(system);
		Set<String> found = new HashSet<>(valueSetsByCode.getOrDefault(key(canonicalSystem, code), Set.of()));
		if (ICD_10_CM.equals(canonicalSystem)) {
			String icd = icdKey(code);
			for (int length = 3; length <= icd.length(); length++) {
				found.addAll(valueSetsByIcdPrefix.getOrDefault(icd.substring(0, length), Set.of()));
			}
		}
		return found;
	}

	/** The ids of the value sets one of whose text terms the text mentions. */
	public Set<String> valueSetsMentionedIn(String text) {
		if (text == null || text.isBlank()) {
			return Set.of();
		}
		Set<String> found = new HashSet<>();
		valueSetsByTextTerm.forEach((term, ids) -> {
			if (term.matcher(text).find()) {
				found.addAll(ids);
			}
		});
		return found;
	}

	/** The ids of all value sets known. */
	public Set<String> valueSetIds() {
		return Set.copyOf(valueSetIds);
	}

	private void index(ValueSet valueSet, Set<String> memberOf) {
		valueSetIds.add(valueSet.getIdElement().getIdPart());
		for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			String system = aliases.canonical(include.getSystem());
			for (ConceptReferenceComponent concept : include.getConcept()) {
				if (ICD_10_CM.equals(system)) {
					addAll(valueSetsByIcdPrefix, icdKey(concept.getCode()), memberOf);
				}
				else {
					addAll(valueSetsByCode, key(system, concept.getCode()), memberOf);
				}
			}
			for (ConceptSetFilterComponent filter : include.getFilter()) {
				indexFilter(system, filter, memberOf);
			}
		}
		for (Extension term : valueSet.getExtensionsByUrl(TEXT_TERM_EXTENSION)) {
			String words = term.getValue().primitiveValue();
			Pattern pattern = Pattern.compile("\\b" + Pattern.quote(words.strip()) + "\\b",
					Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
			valueSetsByTextTerm.computeIfAbsent(pattern, (p) -> new HashSet<>()).addAll(memberOf);
		}
	}

	private void indexFilter(String system, ConceptSetFilterComponent filter, Set<String> memberOf) {
		boolean hierarchy = "concept".equals(filter.getProperty()) && filter.getOp() != null
				&& switch (filter.getOp()) {
					case ISA, DESCENDENTOF -> true;
					default -> false;
				};
		if (hierarchy && ICD_10_CM.equals(system)) {
			addAll(valueSetsByIcdPrefix, icdKey(filter.getValue()), memberOf);
		}
		else if (hierarchy) {
			// Without a terminology server only the named concept itself can be matched.
			addAll(valueSetsByCode, key(system, filter.getValue()), memberOf);
		}
	}

	/**
	 * For each value set, itself plus every value set that includes it, directly or
	 * through others: a member of "opioid-full-agonists" is a member of "opioids" too.
	 */
	private static Map<String, Set<String>> containersByValueSet(List<ValueSet> valueSets) {
		Map<String, String> idByUrl = new HashMap<>();
		valueSets.forEach((valueSet) -> idByUrl.put(valueSet.getUrl(), valueSet.getIdElement().getIdPart()));
		Map<String, Set<String>> includedBy = new HashMap<>();
		for (ValueSet valueSet : valueSets) {
			for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
				for (CanonicalType included : include.getValueSet()) {
					String includedId = idByUrl.get(included.getValue());
					if (includedId != null) {
						includedBy.computeIfAbsent(includedId, (id) -> new HashSet<>())
							.add(valueSet.getIdElement().getIdPart());
					}
				}
			}
		}
		Map<String, Set<String>> containers = new HashMap<>();
		for (String id : idByUrl.values()) {
			Set<String> seen = new LinkedHashSet<>();
			Deque<String> todo = new ArrayDeque<>(List.of(id));
			while (!todo.isEmpty()) {
				String next = todo.pop();
				if (seen.add(next)) {
					todo.addAll(includedBy.getOrDefault(next, Set.of()));
				}
			}
			containers.put(id, seen);
		}
		return containers;
	}

	private static void addAll(Map<String, Set<String>> index, String key, Set<String> valueSets) {
		index.computeIfAbsent(key, (k) -> new HashSet<>()).addAll(valueSets);
	}

	private static String key(String system, String code) {
		return system + "|" + code.strip();
	}

	private static String icdKey(String code) {
		return code.strip().replace(".", "").toUpperCase(Locale.ROOT);
	}

}
