package org.ldncds.hooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The one place where a reference in a call is resolved to a resource, following FHIR's
 * rules for references inside a Bundle (R4, Bundle "Resolving references in Bundles"):
 * <ul>
 * <li>{@code #id}: a resource contained in the referring resource;</li>
 * <li>an absolute reference ({@code urn:uuid:…}, {@code urn:oid:…},
 * {@code https://any.base/fhir/Medication/1}): the entry with that {@code fullUrl};</li>
 * <li>{@code Type/id}: the entry at that path on the base of the referring entry's
 * RESTful {@code fullUrl}, or the entry whose resource is that type with that id;</li>
 * <li>a versioned reference ({@code Medication/1/_history/2}): as without the version,
 * but never an entry that states another {@code meta.versionId}.</li>
 * </ul>
 * Entries are searched in the referring resource's own Bundle first (the draft orders, a
 * prefetch search with its {@code _include}d entries, ...), then in every other container
 * of the call. Two different resources that both answer a reference make it ambiguous,
 * and the call is refused rather than one of them guessed.
 */
public final class BundleReferences {

	private static final Pattern HISTORY = Pattern.compile("^(.*)/_history/([^/]+)$");

	private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:.*");

	private static final Pattern RESTFUL = Pattern.compile("^(.*/)?([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})$");

	private final List<Located> located = new ArrayList<>();

	private final Map<Resource, Located> byResource = new IdentityHashMap<>();

	/**
	 * The positions in {@link #located} of the entries with each (versionless) fullUrl,
	 * and of the resources of each type and own id: a reference is looked up, not
	 * searched for among all the entries, so that resolving every reference of a large
	 * record stays linear in its size.
	 */
	private final Map<String, List<Integer>> byFullUrl = new HashMap<>();

	private final Map<TypeAndId, List<Integer>> byTypeAndId = new HashMap<>();

	private BundleReferences(List<? extends IBaseResource> containers) {
		for (int container = 0; container < containers.size(); container++) {
			IBaseResource resource = containers.get(container);
			if (resource instanceof Bundle bundle) {
				for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
					if (entry.getResource() != null) {
						add(new Located(entry.getResource(), versionless(entry.getFullUrl()), container));
					}
				}
			}
			else if (resource instanceof Resource plain) {
				add(new Located(plain, null, container));
			}
		}
	}

	/**
	 * The references among the given containers: Bundles (draft orders, prefetch
	 * searches) and single resources, in the order a reference falls back to them.
	 */
	public static BundleReferences of(List<? extends IBaseResource> containers) {
		return new BundleReferences(containers);
	}

	/**
	 * The resource the reference names, as seen from the referring resource (which may be
	 * {@code null} when the reference is not inside a resource, as a selection).
	 * @throws CdsHooksException 400 when two different resources answer it
	 */
	public Optional<Resource> resolve(String reference, Resource from) {
		if (reference == null || reference.isBlank()) {
			return Optional.empty();
		}
		if (reference.startsWith("#")) {
			return contained(from, reference.substring(1));
		}
		String version = null;
		String target = reference;
		Matcher history = HISTORY.matcher(reference);
		if (history.matches()) {
			target = history.group(1);
			version = history.group(2);
		}
		Located origin = (from == null) ? null : byResource.get(from);
		List<Located> candidates = candidates(target, origin);
		String wanted = version;
		List<Located> ofVersion = candidates.stream().filter((c) -> isVersion(c.resource(), wanted)).toList();
		if (ofVersion.isEmpty() && !candidates.isEmpty()) {
			// Another version of the resource is not the one named: using it would be a
			// guess, ignoring the reference could lose a drug.
			throw CdsHooksException.badRequest(
					"the reference " + reference + " names version " + version + ", but the request holds version "
							+ candidates.get(0).resource().getMeta().getVersionId() + " of it",
					"a versioned reference names a version the request does not hold");
		}
		return choose(reference, ofVersion, origin).map(Located::resource);
	}

	/**
	 * How a resource of the call is named in answers: {@code Type/id} when it has an id,
	 * else the {@code fullUrl} of its entry.
	 */
	public String referenceTo(Resource resource) {
		String id = ownId(resource);
		if (id != null) {
			return resource.fhirType() + "/" + id;
		}
		Located found = byResource.get(resource);
		return (found != null && found.fullUrl() != null) ? found.fullUrl() : resource.fhirType() + "/" + id;
	}

	/** {@code Type/id} of a resource by its own id, as a relative reference names it. */
	public static String relativeReferenceTo(Resource resource) {
		return resource.fhirType() + "/" + ownId(resource);
	}

	/**
	 * A reason the Bundle is ambiguous: two of its entries have the same {@code fullUrl},
	 * or are the same type with the same id, so a reference to one could mean either.
	 */
	public static Optional<String> duplicateIn(Bundle bundle) {
		Map<String, Integer> seen = new HashMap<>();
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Bundle.BundleEntryComponent entry = entries.get(i);
			boolean hasFullUrl = entry.hasFullUrl();
			String byUrl = hasFullUrl ? versionless(entry.getFullUrl()) : null;
			String byId = (entry.getResource() != null && ownId(entry.getResource()) != null)
					? relativeReferenceTo(entry.getResource()) : null;
			// Each name of the entry once: a fullUrl may be its Type/id.
			Optional<String> duplicate = hasFullUrl ? seenBefore(seen, byUrl, i) : Optional.empty();
			if (duplicate.isEmpty() && byId != null && !byId.equals(byUrl)) {
				duplicate = seenBefore(seen, byId, i);
			}
			if (duplicate.isPresent()) {
				return duplicate;
			}
		}
		return Optional.empty();
	}

	private static Optional<String> seenBefore(Map<String, Integer> seen, String name, int entry) {
		Integer earlier = seen.putIfAbsent(name, entry);
		return (earlier == null) ? Optional.empty()
				: Optional.of("entries " + earlier + " and " + entry + " are both " + name);
	}

	private void add(Located entry) {
		int position = located.size();
		located.add(entry);
		byResource.putIfAbsent(entry.resource(), entry);
		if (entry.fullUrl() != null) {
			byFullUrl.computeIfAbsent(entry.fullUrl(), (url) -> new ArrayList<>(1)).add(position);
		}
		String id = ownId(entry.resource());
		if (id != null) {
			byTypeAndId.computeIfAbsent(new TypeAndId(entry.resource().fhirType(), id), (key) -> new ArrayList<>(1))
				.add(position);
		}
	}

	private static Optional<Resource> contained(Resource from, String id) {
		if (!(from instanceof org.hl7.fhir.r4.model.DomainResource domain)) {
			return Optional.empty();
		}
		// HAPI keeps a contained resource's id with or without its '#', by version.
		return domain.getContained()
			.stream()
			.filter((contained) -> id.equals(stripHash(contained.getIdElement().getIdPart()))
					|| id.equals(stripHash(contained.getId())))
			.findFirst();
	}

	/**
	 * The entries whose fullUrl is the target (or the target on the referring entry's
	 * base), and for a relative {@code Type/id} the resources of that type and id, in the
	 * order of the entries.
	 */
	private List<Located> candidates(String target, Located origin) {
		boolean absolute = ABSOLUTE.matcher(target).matches();
		String onOriginBase = (!absolute && origin != null) ? onBaseOf(origin.fullUrl(), target) : null;
		TreeSet<Integer> positions = new TreeSet<>(byFullUrl.getOrDefault(target, List.of()));
		if (onOriginBase != null) {
			positions.addAll(byFullUrl.getOrDefault(onOriginBase, List.of()));
		}
		Matcher relative = RESTFUL.matcher(target);
		if (!absolute && relative.matches() && relative.group(1) == null) {
			positions.addAll(byTypeAndId.getOrDefault(new TypeAndId(relative.group(2), relative.group(3)), List.of()));
		}
		List<Located> candidates = new ArrayList<>(positions.size());
		positions.forEach((position) -> candidates.add(located.get(position)));
		return candidates;
	}

	/**
	 * The match in the referring resource's own container wins; beyond it, matches must
	 * agree, or the reference is ambiguous.
	 */
	private static Optional<Located> choose(String reference, List<Located> candidates, Located origin) {
		if (candidates.isEmpty()) {
			return Optional.empty();
		}
		List<Located> chosen = candidates;
		if (origin != null) {
			List<Located> local = candidates.stream().filter((c) -> c.container() == origin.container()).toList();
			chosen = local.isEmpty() ? candidates : local;
		}
		Located first = chosen.get(0);
		for (Located other : chosen.subList(1, chosen.size())) {
			if (other.resource() != first.resource() && !other.resource().equalsDeep(first.resource())) {
				throw CdsHooksException.badRequest(
						"the reference " + reference
								+ " matches two different resources in the request; it is ambiguous",
						"a reference matches two different resources in the request");
			}
		}
		return Optional.of(first);
	}

	/** The RESTful fullUrl's base with the relative reference on it, or null. */
	private static String onBaseOf(String fullUrl, String relative) {
		if (fullUrl == null) {
			return null;
		}
		Matcher restful = RESTFUL.matcher(fullUrl);
		if (!restful.matches() || restful.group(1) == null || !fullUrl.matches("(?i)^https?://.*")) {
			return null;
		}
		return restful.group(1) + relative;
	}

	private static boolean isVersion(Resource resource, String version) {
		return version == null || !resource.getMeta().hasVersionId()
				|| version.equals(resource.getMeta().getVersionId());
	}

	/**
	 * The resource's own id. An id that is an absolute URL (HAPI's parser and client set
	 * a Bundle entry's fullUrl as its id) gives its id part, a {@code urn:} none.
	 */
	private static String ownId(Resource resource) {
		if (!resource.hasIdElement() || resource.getIdElement().isEmpty()) {
			return null;
		}
		String value = resource.getIdElement().getValue();
		if (value.startsWith("urn:")) {
			return null;
		}
		return stripHash(resource.getIdElement().getIdPart());
	}

	private static String stripHash(String id) {
		return (id != null && id.startsWith("#")) ? id.substring(1) : id;
	}

	private static String versionless(String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		if (!url.contains("/_history/")) {
			// Nearly every fullUrl: no need for the expression.
			return url;
		}
		Matcher history = HISTORY.matcher(url);
		return history.matches() ? history.group(1) : url;
	}

	/** A resource of the call, with its entry's fullUrl and which container holds it. */
	private record Located(Resource resource, String fullUrl, int container) {
	}

	/** A resource type and a resource's own id, as a relative reference names them. */
	private record TypeAndId(String type, String id) {
	}

}
