package org.ldncds.fhir;

import java.util.Map;

/**
 * Prefetch data could not be had whole; thrown inside the resolver only, which turns it
 * into an incomplete {@link ResolvedPrefetch}.
 */
final class PrefetchUnavailableException extends RuntimeException {

	private final Map<String, String> reasonByKey;

	private final Map<String, PrefetchOrigin> obtained;

	/**
	 * @param reasonByKey why each missing key could not be obtained
	 * @param obtained where the other keys' data came from
	 */
	PrefetchUnavailableException(Map<String, String> reasonByKey, Map<String, PrefetchOrigin> obtained) {
		super("prefetch unavailable", null, false, false);
		this.reasonByKey = Map.copyOf(reasonByKey);
		this.obtained = Map.copyOf(obtained);
	}

	ResolvedPrefetch asResult() {
		return new ResolvedPrefetch(Map.of(), obtained, reasonByKey);
	}

}
