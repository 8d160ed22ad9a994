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

	public PrefetchUnavailableException(Map<String, String> reasonByKey) {
		super(HttpStatus.PRECONDITION_FAILED, "prefetch_unavailable", describe(reasonByKey),
				List.copyOf(new java.util.TreeSet<>(reasonByKey.keySet())));
	}

	private static String describe(Map<String, String> reasonByKey) {
		return "required prefetch data could not be obtained: " + reasonByKey.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> entry.getKey() + " (" + entry.getValue() + ")")
			.collect(Collectors.joining("; "));
	}

}
