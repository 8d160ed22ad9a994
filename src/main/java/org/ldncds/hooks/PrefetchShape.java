package org.ldncds.hooks;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;

/**
 * Whether a prefetch value fits its template: a read ({@code Patient/{{...}}}) must be
 * that resource type, a search ({@code MedicationRequest?...}) a Bundle whose matches are
 * that type and whose {@code _include}d entries are types the template includes. A value
 * of the wrong type is not data the service asked for: used, it would be guessed at (a
 * Condition under {@code patient}); ignored, a card could be lost.
 */
final class PrefetchShape {

	private static final String OUTCOME = "OperationOutcome";

	private final FhirContext fhirContext;

	PrefetchShape(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/**
	 * What is wrong with the value of the key, or empty when it fits. An OperationOutcome
	 * (the EHR could not fetch the data) always fits.
	 */
	Optional<String> problem(String key, String template, IBaseResource value) {
		String found = value.fhirType();
		if (found.equals(OUTCOME)) {
			return Optional.empty();
		}
		int query = template.indexOf('?');
		String path = (query < 0) ? template : template.substring(0, query);
		String type = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
		if (query < 0) {
			return found.equals(type) ? Optional.empty()
					: Optional.of("prefetch." + key + " is a " + found + ", but its template reads a " + type);
		}
		if (!(value instanceof Bundle bundle)) {
			return Optional
				.of("prefetch." + key + " is a " + found + ", but its template is a search: a Bundle of " + type);
		}
		return entryProblem(key, type, includedTypes(type, template.substring(query + 1)), bundle);
	}

	private static Optional<String> entryProblem(String key, String type, Set<String> included, Bundle bundle) {
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Bundle.BundleEntryComponent entry = entries.get(i);
			if (entry.getResource() == null) {
				continue;
			}
			String found = entry.getResource().fhirType();
			SearchEntryMode mode = entry.hasSearch() ? entry.getSearch().getMode() : null;
			boolean fits = switch (mode == null ? SearchEntryMode.NULL : mode) {
				case MATCH -> found.equals(type);
				case INCLUDE -> included.contains(found) || included.contains("*");
				case OUTCOME -> found.equals(OUTCOME);
				default ->
					found.equals(type) || found.equals(OUTCOME) || included.contains(found) || included.contains("*");
			};
			if (!fits) {
				String as = (mode == null || mode == SearchEntryMode.NULL) ? ""
						: " (search.mode " + mode.toCode() + ")";
				return Optional
					.of("prefetch." + key + ".entry[" + i + "] is a " + found + as + ", but its template searches "
							+ type + (included.isEmpty() ? "" : " and includes " + String.join(", ", included)));
			}
		}
		return Optional.empty();
	}

	/**
	 * The types a search's {@code _include} and {@code _revinclude} parameters bring in:
	 * {@code _include=MedicationRequest:medication} the targets of that search parameter
	 * (Medication), {@code _include=X:param:Type} the type named,
	 * {@code _revinclude=Provenance:target} the referring type.
	 */
	private Set<String> includedTypes(String type, String query) {
		Set<String> types = new HashSet<>();
		for (String parameter : query.split("&")) {
			int equals = parameter.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = parameter.substring(0, equals);
			String[] parts = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8).split(":");
			if (name.startsWith("_revinclude")) {
				types.add(parts[0]);
			}
			else if (name.startsWith("_include")) {
				types.addAll(includeTargets(parts));
			}
		}
		return types;
	}

	private Set<String> includeTargets(String[] parts) {
		if (parts[0].equals("*") || parts.length < 2 || parts[1].equals("*")) {
			return Set.of("*");
		}
		if (parts.length >= 3) {
			return Set.of(parts[2]);
		}
		RuntimeSearchParam parameter;
		try {
			RuntimeResourceDefinition source = fhirContext.getResourceDefinition(parts[0]);
			parameter = source.getSearchParam(parts[1]);
		}
		catch (ca.uhn.fhir.parser.DataFormatException ex) {
			// Not an R4 type: whatever it would include cannot be told apart.
			return Set.of("*");
		}
		if (parameter == null || parameter.getTargets().isEmpty()) {
			return Set.of("*");
		}
		return parameter.getTargets();
	}

}
