package org.ldncds.fhir;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.ldncds.hooks.CdsHooksException;

import org.springframework.http.HttpStatus;

/**
 * Prefetch data the service needs could not be obtained: CDS Hooks asks for 412
 * Precondition Failed, naming what is missing.
 */
public class PrefetchUnavailableException extends CdsHooksException {

	private final Map<String, PrefetchOrigin> obtained;

	/**
	 * @param reasonByKey why each missing key could not be obtained
	 * @param obtained where the other keys' data came from, for the audit trail
	 */
	public PrefetchUnavailableException(Map<String, String> reasonByKey, Map<String, PrefetchOrigin> obtained) {
		super(HttpStatus.PRECONDITION_FAILED, "prefetch_unavailable", describe(reasonByKey),
				List.copyOf(new java.util.TreeSet<>(reasonByKey.keySet())));
		this.obtained = Map.copyOf(obtained);
	}

	/** The keys that were sent or fetched, and where their data came from. */
	public Map<String, PrefetchOrigin> obtained() {
		return obtained;
	}

	private static String describe(Map<String, String> reasonByKey) {
		return "required prefetch data could not be obtained: " + reasonByKey.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> entry.getKey() + " (" + entry.getValue() + ")")
			.collect(Collectors.joining("; "));
	}

}
