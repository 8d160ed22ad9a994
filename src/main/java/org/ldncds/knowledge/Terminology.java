package org.ldncds.knowledge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * Answers "which value sets of the knowledge base hold this code (or name this drug or
 * condition)?".
 *
 * <p>
 * Built once from the ValueSet and NamingSystem resources of {@code fhir-profiles/}: each
 * value set's own codes (its {@code expansion.contains}, nested ones too, and the
 * concepts its {@code compose.include} enumerates) are indexed by (system, code), so that
 * a lookup is a few hash look-ups. A value set that imports another ({@code
 * compose.include.valueSet}) holds the imported members too, unless its own {@code
 * compose.exclude} removes them. ICD-10-CM {@code is-a}/{@code descendent-of} filters
 * match by code prefix, dots ignored, because the code book splits codes every October: a
 * filter on {@code G35} also holds {@code G35.A}. Without a terminology server a
 * hierarchy filter on another system holds only the named concept.
 *
 * <p>
 * Free-text terms are matched on word boundaries, so "naloxone" never matches a term
 * "naltrexone". Condition names are matched with a guard: a term in a clause that says
 * "history of", "ruled out", "no", "denies", "resolved" or "negative for" does not count.
 */
public final class Terminology {

	public static final String TEXT_TERM_EXTENSION = "http://ldn-cds.org/fhir/StructureDefinition/text-match-term";

	static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";

	/** Where the project's own value sets live, as opposed to copies of public ones. */
	static final String PROJECT_VALUE_SETS = "http://ldn-cds.org/fhir/ValueSet/";

	/**
	 * Words that, in the same clause as a condition's name, mean the patient does not
	 * have it now (or that it is a relative's): "history of breast cancer", "fibromyalgia
	 * ruled out", "no pregnancy".
	 */
	private static final Pattern NEGATION_OR_QUALIFIER = Pattern
		.compile("\\b(history of|hx of|h/o|family history|fh of|ruled out|rule out|r/o|no|not|denies|denied|without|"
				+ "resolved|negative for|negative|absence of|free of|screening for|suspected|possible|"
				+ "query|at risk of|risk of)\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/** A clause that only qualifies the one before it: "Breast cancer, resolved". */
	private static final Pattern TRAILING_QUALIFIER = Pattern.compile(
			"\\s*(resolved|ruled out|excluded|negative|not confirmed|in the past)\\s*",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/** Where one clause of a condition's text ends and the next begins. */
	private static final Pattern CLAUSE_BREAK = Pattern.compile("[.;,()\\[\\]\\n]");

	private static final int TEXT_CACHE_SIZE = 20_000;

	private final CodeSystemAliases aliases;

	/** (system|code) to the value sets that hold the code themselves. */
	private final Map<String, Set<String>> valueSetsByCode = new HashMap<>();

	/** ICD-10-CM code prefix (no dots) to the value sets whose filter names it. */
	private final Map<String, Set<String>> valueSetsByIcdPrefix = new HashMap<>();

	/** For each value set, the value sets that import it. */
	private final Map<String, Set<String>> importedBy = new HashMap<>();

	/** For each value set, the value sets it imports. */
	private final Map<String, Set<String>> imports = new HashMap<>();

	/**
	 * For each value set, the codes it lists itself (expansion and enumerated concepts).
	 */
	private final Map<String, Set<SystemCode>> listedCodes = new HashMap<>();

	/** The codes each value set excludes, for the value sets that exclude any. */
	private final Map<String, Exclusion> exclusions = new HashMap<>();

	private final Map<String, TextTerm> textTerms = new HashMap<>();

	/** (system|code) to the first display a value set gives the code. */
	private final Map<String, String> displays = new HashMap<>();

	private final Set<String> valueSetIds = new LinkedHashSet<>();

	/** The code systems each value set holds codes of itself. */
	private final Map<String, Set<String>> systemsByValueSet = new HashMap<>();

	/** The canonical URL of each project value set, by id. */
	private final Map<String, String> projectUrls = new HashMap<>();

	private boolean hasValueSetExclusions;

	/**
	 * Text matches already made: the same drug names and condition texts come back call
	 * after call, and matching one against every term is the costliest lookup here.
	 * Bounded, and thrown away with the terminology when knowledge is reloaded.
	 */
	private final Cache<String, Set<String>> mentionedIn = Caffeine.newBuilder().maximumSize(TEXT_CACHE_SIZE).build();

	private final Cache<String, Set<String>> affirmedIn = Caffeine.newBuilder().maximumSize(TEXT_CACHE_SIZE).build();

	private Terminology(CodeSystemAliases aliases) {
		this.aliases = aliases;
	}

	/**
	 * @throws IllegalStateException naming the value set when two value sets share an id,
	 * or an include asks for what this class does not do (an intersection of a value set
	 * with a code system)
	 */
	public static Terminology from(List<ValueSet> valueSets, List<NamingSystem> namingSystems) {
		Terminology terminology = new Terminology(CodeSystemAliases.from(namingSystems));
		Map<String, String> idByUrl = idsByUrl(valueSets);
		for (ValueSet valueSet : valueSets) {
			terminology.index(valueSet, idByUrl);
		}
		return terminology;
	}

	/** The ids of the value sets holding the code; empty for unknown codes or systems. */
	public Set<String> valueSetsOf(String system, String code) {
		if (code == null || code.isBlank()) {
			return Set.of();
		}
		String canonicalSystem = aliases.canonical(system);
		Set<String> direct = new HashSet<>(valueSetsByCode.getOrDefault(key(canonicalSystem, code), Set.of()));
		if (ICD_10_CM.equals(canonicalSystem)) {
			String icd = icdKey(code);
			for (int length = 1; length <= icd.length(); length++) {
				direct.addAll(valueSetsByIcdPrefix.getOrDefault(icd.substring(0, length), Set.of()));
			}
		}
		Set<String> holders = withImporters(direct, canonicalSystem, code, Set.of());
		// A value set may exclude the members of another: decided on the first answer,
		// which those exclusions cannot change.
		return hasValueSetExclusions ? withImporters(direct, canonicalSystem, code, holders) : holders;
	}

	/**
	 * The display the knowledge base's value sets give a code, for a record that names a
	 * drug by its code alone; empty when no value set lists the code with a display.
	 */
	public Optional<String> displayOf(String system, String code) {
		if (code == null || code.isBlank()) {
			return Optional.empty();
		}
		return Optional.ofNullable(displays.get(key(aliases.canonical(system), code)));
	}

	/** The ids of the value sets one of whose text terms the text mentions. */
	public Set<String> valueSetsMentionedIn(String text) {
		if (text == null || text.isBlank()) {
			return Set.of();
		}
		return mentionedIn.get(text, (key) -> {
			Set<String> found = new HashSet<>();
			addMentioned(key, found);
			return Set.copyOf(withImporters(found));
		});
	}

	/**
	 * The ids of the value sets one of whose text terms names a condition the text
	 * affirms: a term in a clause that negates or qualifies it ("history of breast
	 * cancer", "no fibromyalgia", "pregnancy ruled out") does not count.
	 */
	public Set<String> valueSetsAffirmedIn(String text) {
		if (text == null || text.isBlank()) {
			return Set.of();
		}
		return affirmedIn.get(text, this::affirmedInUncached);
	}

	private Set<String> affirmedInUncached(String text) {
		Set<String> found = new HashSet<>();
		String[] clauses = CLAUSE_BREAK.split(text);
		for (int i = 0; i < clauses.length; i++) {
			String clause = clauses[i];
			boolean qualifiedAfter = i + 1 < clauses.length && TRAILING_QUALIFIER.matcher(clauses[i + 1]).matches();
			if (clause.isBlank() || qualifiedAfter || NEGATION_OR_QUALIFIER.matcher(clause).find()) {
				continue;
			}
			addMentioned(clause, found);
		}
		return Set.copyOf(withImporters(found));
	}

	/**
	 * Adds the value sets of every term the text mentions. A plain substring test comes
	 * first: most terms are absent, and it is much cheaper than the word-boundary match.
	 */
	private void addMentioned(String text, Set<String> found) {
		String lower = text.toLowerCase(Locale.ROOT);
		for (TextTerm term : textTerms.values()) {
			if (lower.contains(term.lowerCase()) && term.pattern().matcher(text).find()) {
				found.addAll(term.valueSets());
			}
		}
	}

	/** The preferred URL of the code system, whatever alias names it. */
	public String canonicalSystem(String system) {
		return aliases.canonical(system);
	}

	/**
	 * The project's own value sets ({@value #PROJECT_VALUE_SETS}…) holding codes of the
	 * system, themselves or through imports: canonical URL to id. These are the ones a
	 * terminology server can be asked about.
	 */
	public Map<String, String> projectValueSetsHolding(String system) {
		String canonicalSystem = aliases.canonical(system);
		Set<String> holding = new HashSet<>();
		systemsByValueSet.forEach((id, systems) -> {
			if (systems.contains(canonicalSystem)) {
				holding.add(id);
			}
		});
		Map<String, String> byUrl = new HashMap<>();
		for (String id : withImporters(holding)) {
			if (projectUrls.containsKey(id)) {
				byUrl.put(projectUrls.get(id), id);
			}
		}
		return byUrl;
	}

	/**
	 * The codes the value set holds that can be listed: its own enumerated and expanded
	 * codes and those of the value sets it imports, less what it excludes; in a stable
	 * order. Codes held only through a hierarchy filter are not listed.
	 * @throws IllegalArgumentException when there is no such value set
	 */
	public List<SystemCode> listedCodesOf(String valueSetId) {
		if (!valueSetIds.contains(valueSetId)) {
			throw new IllegalArgumentException("No value set " + valueSetId);
		}
		Set<SystemCode> codes = new LinkedHashSet<>();
		Deque<String> todo = new ArrayDeque<>(List.of(valueSetId));
		Set<String> seen = new HashSet<>();
		while (!todo.isEmpty()) {
			String next = todo.pop();
			if (seen.add(next)) {
				codes.addAll(listedCodes.getOrDefault(next, Set.of()));
				imports.getOrDefault(next, Set.of()).stream().sorted().forEach(todo::add);
			}
		}
		return codes.stream().filter((code) -> valueSetsOf(code.system(), code.code()).contains(valueSetId)).toList();
	}

	/** A code with the canonical URL of its system. */
	public record SystemCode(String system, String code) {
	}

	/** The ids of all value sets known. */
	public Set<String> valueSetIds() {
		return Set.copyOf(valueSetIds);
	}

	/**
	 * The value sets holding the code directly, plus every value set importing one of
	 * them, directly or through others, unless that value set excludes the code (or a
	 * value set among {@code holders} it excludes).
	 */
	private Set<String> withImporters(Set<String> direct, String system, String code, Set<String> holders) {
		Set<String> found = new HashSet<>();
		Deque<String> todo = new ArrayDeque<>(direct);
		while (!todo.isEmpty()) {
			String next = todo.pop();
			if (found.contains(next) || excludes(next, system, code, holders)) {
				continue;
			}
			found.add(next);
			todo.addAll(importedBy.getOrDefault(next, Set.of()));
		}
		return found;
	}

	/**
	 * The value sets and every value set importing one of them, directly or through
	 * others.
	 */
	private Set<String> withImporters(Set<String> valueSets) {
		Set<String> found = new HashSet<>();
		Deque<String> todo = new ArrayDeque<>(valueSets);
		while (!todo.isEmpty()) {
			String next = todo.pop();
			if (found.add(next)) {
				todo.addAll(importedBy.getOrDefault(next, Set.of()));
			}
		}
		return found;
	}

	private boolean excludes(String valueSetId, String system, String code, Set<String> holders) {
		Exclusion exclusion = exclusions.get(valueSetId);
		if (exclusion == null) {
			return false;
		}
		if (exclusion.codes().contains(key(system, code))) {
			return true;
		}
		if (ICD_10_CM.equals(system)) {
			String icd = icdKey(code);
			for (int length = 1; length <= icd.length(); length++) {
				if (exclusion.icdPrefixes().contains(icd.substring(0, length))) {
					return true;
				}
			}
		}
		for (String excludedValueSet : exclusion.valueSets()) {
			if (!excludedValueSet.equals(valueSetId) && holders.contains(excludedValueSet)) {
				return true;
			}
		}
		return false;
	}

	private void index(ValueSet valueSet, Map<String, String> idByUrl) {
		String id = valueSet.getIdElement().getIdPart();
		valueSetIds.add(id);
		if (valueSet.hasUrl() && valueSet.getUrl().startsWith(PROJECT_VALUE_SETS)) {
			projectUrls.put(id, withoutVersion(valueSet.getUrl()));
		}
		indexExpansion(id, valueSet.getExpansion().getContains());
		List<ConceptSetComponent> includes = valueSet.getCompose().getInclude();
		for (int i = 0; i < includes.size(); i++) {
			ConceptSetComponent include = includes.get(i);
			if (include.hasValueSet() && include.hasSystem()) {
				throw new IllegalStateException("ValueSet/" + id + " compose.include[" + i
						+ "] names both a value set and a code system (an intersection), which is not supported");
			}
			for (CanonicalType imported : include.getValueSet()) {
				String importedId = importedId(id, imported, idByUrl);
				importedBy.computeIfAbsent(importedId, (k) -> new HashSet<>()).add(id);
				imports.computeIfAbsent(id, (k) -> new HashSet<>()).add(importedId);
			}
			if (include.hasSystem()) {
				indexInclude(id, include);
			}
		}
		if (valueSet.getCompose().hasExclude()) {
			Exclusion exclusion = exclusionOf(id, valueSet.getCompose().getExclude(), idByUrl);
			exclusions.put(id, exclusion);
			hasValueSetExclusions |= !exclusion.valueSets().isEmpty();
		}
		for (Extension term : valueSet.getExtensionsByUrl(TEXT_TERM_EXTENSION)) {
			String words = term.getValue().primitiveValue().strip();
			textTerms.computeIfAbsent(words.toLowerCase(Locale.ROOT), TextTerm::of).valueSets().add(id);
		}
	}

	private void indexExpansion(String id, List<ValueSetExpansionContainsComponent> contains) {
		for (ValueSetExpansionContainsComponent entry : contains) {
			if (entry.hasCode() && !entry.getAbstract()) {
				addTo(valueSetsByCode, key(aliases.canonical(entry.getSystem()), entry.getCode()), id);
				listedCodes.computeIfAbsent(id, (k) -> new LinkedHashSet<>())
					.add(new SystemCode(aliases.canonical(entry.getSystem()), entry.getCode().strip()));
				addTo(systemsByValueSet, id, aliases.canonical(entry.getSystem()));
				if (entry.hasDisplay()) {
					displays.putIfAbsent(key(aliases.canonical(entry.getSystem()), entry.getCode()),
							entry.getDisplay().strip());
				}
			}
			indexExpansion(id, entry.getContains());
		}
	}

	private void indexInclude(String id, ConceptSetComponent include) {
		String system = aliases.canonical(include.getSystem());
		addTo(systemsByValueSet, id, system);
		for (ConceptReferenceComponent concept : include.getConcept()) {
			addTo(valueSetsByCode, key(system, concept.getCode()), id);
			listedCodes.computeIfAbsent(id, (k) -> new LinkedHashSet<>())
				.add(new SystemCode(system, concept.getCode().strip()));
			if (concept.hasDisplay()) {
				displays.putIfAbsent(key(system, concept.getCode()), concept.getDisplay().strip());
			}
		}
		for (ConceptSetFilterComponent filter : include.getFilter()) {
			if (!isHierarchy(filter)) {
				throw new IllegalStateException("ValueSet/" + id + " has a filter other than concept is-a or "
						+ "descendent-of, which is not supported: " + filter.getProperty() + " " + filter.getOp());
			}
			if (ICD_10_CM.equals(system)) {
				addTo(valueSetsByIcdPrefix, icdKey(filter.getValue()), id);
			}
			else {
				// Without a terminology server only the
				// named concept itself can be matched.
				addTo(valueSetsByCode, key(system, filter.getValue()), id);
			}
		}
	}

	private Exclusion exclusionOf(String id, List<ConceptSetComponent> excludes, Map<String, String> idByUrl) {
		Set<String> codes = new HashSet<>();
		Set<String> icdPrefixes = new HashSet<>();
		Set<String> valueSets = new HashSet<>();
		for (ConceptSetComponent exclude : excludes) {
			exclude.getValueSet().forEach((excluded) -> valueSets.add(importedId(id, excluded, idByUrl)));
			String system = aliases.canonical(exclude.getSystem());
			exclude.getConcept().forEach((concept) -> codes.add(key(system, concept.getCode())));
			for (ConceptSetFilterComponent filter : exclude.getFilter()) {
				if (ICD_10_CM.equals(system) && isHierarchy(filter)) {
					icdPrefixes.add(icdKey(filter.getValue()));
				}
				else {
					codes.add(key(system, filter.getValue()));
				}
			}
		}
		return new Exclusion(codes, icdPrefixes, valueSets);
	}

	private static boolean isHierarchy(ConceptSetFilterComponent filter) {
		return "concept".equals(filter.getProperty()) && filter.getOp() != null && switch (filter.getOp()) {
			case ISA, DESCENDENTOF -> true;
			default -> false;
		};
	}

	private static String importedId(String id, CanonicalType imported, Map<String, String> idByUrl) {
		String url = withoutVersion(imported.getValue());
		String importedId = idByUrl.get(url);
		if (importedId == null) {
			throw new IllegalStateException("ValueSet/" + id + " imports " + imported.getValue()
					+ ", which is not a value set of the knowledge base");
		}
		return importedId;
	}

	private static Map<String, String> idsByUrl(List<ValueSet> valueSets) {
		Map<String, String> idByUrl = new HashMap<>();
		Set<String> ids = new HashSet<>();
		for (ValueSet valueSet : valueSets) {
			String id = valueSet.getIdElement().getIdPart();
			if (!ids.add(id)) {
				throw new IllegalStateException("Two value sets have the id " + id);
			}
			if (valueSet.hasUrl()) {
				idByUrl.put(withoutVersion(valueSet.getUrl()), id);
			}
		}
		return idByUrl;
	}

	private static String withoutVersion(String canonical) {
		int bar = canonical.indexOf('|');
		return (bar < 0) ? canonical : canonical.substring(0, bar);
	}

	private static void addTo(Map<String, Set<String>> index, String key, String valueSetId) {
		index.computeIfAbsent(key, (k) -> new HashSet<>()).add(valueSetId);
	}

	private static String key(String system, String code) {
		String normalized = ICD_10_CM.equals(system) ? icdKey(code) : code.strip();
		return system + "|" + normalized;
	}

	private static String icdKey(String code) {
		return code.strip().replace(".", "").toUpperCase(Locale.ROOT);
	}

	/** A text term, matched as whole words whatever the case, and its value sets. */
	private record TextTerm(String lowerCase, Pattern pattern, Set<String> valueSets) {

		static TextTerm of(String lowerCase) {
			return new TextTerm(lowerCase, Pattern.compile("\\b" + Pattern.quote(lowerCase) + "\\b",
					Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), new HashSet<>());
		}

	}

	/** What a value set's {@code compose.exclude} removes. */
	private record Exclusion(Set<String> codes, Set<String> icdPrefixes, Set<String> valueSets) {
	}

}
