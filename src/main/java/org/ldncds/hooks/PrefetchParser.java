package org.ldncds.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

import static org.ldncds.hooks.JsonFields.isAbsent;

/**
 * Reads a call's {@code prefetch}: each key the service declared must hold what its
 * template asks for (or {@code null}: no data); an OperationOutcome means the EHR could
 * not fetch it.
 */
final class PrefetchParser {

	private final FhirResourceReader resources;

	private final PrefetchShape prefetchShape;

	PrefetchParser(FhirResourceReader resources, PrefetchShape prefetchShape) {
		this.resources = resources;
		this.prefetchShape = prefetchShape;
	}

	Map<String, PrefetchValue> parse(JsonNode node, Map<String, String> templates) {
		if (isAbsent(node)) {
			return Map.of();
		}
		if (!node.isObject()) {
			throw CdsHooksException.badRequest("prefetch must be an object");
		}
		Map<String, PrefetchValue> prefetch = new LinkedHashMap<>();
		node.properties()
			.forEach((field) -> prefetch.put(field.getKey(),
					prefetchValue(field.getKey(), field.getValue(), templates.get(field.getKey()))));
		return prefetch;
	}

	/**
	 * The value of one key. A key the service declared must hold what its template asks
	 * for; other keys (a client's own, such as Da Vinci CRD's) are not used.
	 */
	private PrefetchValue prefetchValue(String key, JsonNode value, String template) {
		if (value.isNull()) {
			return new PrefetchValue.NoData();
		}
		String path = "prefetch." + key;
		if (!value.isObject()) {
			throw CdsHooksException.badRequest(path + " must be a FHIR resource or null");
		}
		IBaseResource resource = resources.read(value, path);
		if (template != null) {
			prefetchShape.problem(key, template, resource).ifPresent((problem) -> {
				throw CdsHooksException.badRequest(problem);
			});
			if (resource instanceof Bundle bundle) {
				FhirResourceReader.refuseDuplicates(bundle, path);
			}
		}
		return (resource instanceof OperationOutcome) ? new PrefetchValue.FetchFailed(resource)
				: new PrefetchValue.Data(resource);
	}

}
