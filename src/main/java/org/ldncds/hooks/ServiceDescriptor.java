package org.ldncds.hooks;

import java.util.Map;

/**
 * How a service presents itself in discovery. Its {@code id} and {@code hook} are a
 * public contract with the EHRs that call it.
 *
 * @param hook the hook it answers, e.g. {@code order-select}
 * @param id the id in its URL, {@code /cds-services/{id}}
 * @param title a short human name
 * @param description what it does
 * @param prefetch key to FHIR query template
 * @param usageRequirements what the EHR must provide for it to work well
 */
public record ServiceDescriptor(String hook, String id, String title, String description, Map<String, String> prefetch,
		String usageRequirements) {

	/**
	 * @throws IllegalArgumentException when a prefetch template has a token the hook does
	 * not define: such a service would send it to a FHIR server, so it never starts
	 */
	public ServiceDescriptor {
		PrefetchTokens.check(hook, prefetch);
		prefetch = Map.copyOf(prefetch);
	}

}
