package org.ldncds.fhir;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.ldncds.hooks.CdsHooksException;

import org.springframework.http.HttpStatus;

/**
 * The data of every prefetch key a service declared: sent by the EHR or fetched; or, when
 * some could not be had whole, why not.
 *
 * @param resources the resource or Bundle of each key that has data
 * @param origins where each key's data came from
 * @param missing for each key that could not be obtained, why; empty when complete
 */
public record ResolvedPrefetch(Map<String, IBaseResource> resources, Map<String, PrefetchOrigin> origins,
		Map<String, String> missing) {

	public ResolvedPrefetch {
		resources = Map.copyOf(resources);
		origins = Map.copyOf(origins);
		missing = Map.copyOf(missing);
	}

	/** Whether every key has its data (or was sent as having none). */
	public boolean complete() {
		return missing.isEmpty();
	}

	/** The patient's record as found in all keys together. */
	public PatientRecord record() {
		return PatientRecord.of(resources.values());
	}

	/**
	 * Where each key's data came from, as the audit trail names it; keys that could not
	 * be obtained are "missing".
	 */
	public Map<String, String> originLabels() {
		Map<String, String> labels = new TreeMap<>();
		origins.forEach((key, origin) -> labels.put(key, origin.label()));
		missing.keySet().forEach((key) -> labels.put(key, "missing"));
		return labels;
	}

	/**
	 * What CDS Hooks asks the caller be told when data is missing: 412 Precondition
	 * Failed, naming each key and why.
	 */
	public CdsHooksException refusal() {
		String reasons = new TreeMap<>(missing).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " (" + entry.getValue() + ")")
			.collect(Collectors.joining("; "));
		return new CdsHooksException(HttpStatus.PRECONDITION_FAILED, "prefetch_unavailable",
				"required prefetch data could not be obtained: " + reasons,
				List.copyOf(new TreeMap<>(missing).keySet()));
	}

}
