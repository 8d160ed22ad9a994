package org.ldncds.fhir;

import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The data of every prefetch key a service declared, complete: sent by the EHR or
 * fetched.
 *
 * @param resources the resource or Bundle of each key that has data
 * @param origins where each key's data came from
 */
public record ResolvedPrefetch(Map<String, IBaseResource> resources, Map<String, PrefetchOrigin> origins) {

	public ResolvedPrefetch {
		resources = Map.copyOf(resources);
		origins = Map.copyOf(origins);
	}

	/** The patient's record as found in all keys together. */
	public PatientRecord record() {
		return PatientRecord.of(resources.values());
	}

}
