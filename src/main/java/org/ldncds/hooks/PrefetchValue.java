package org.ldncds.hooks;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What the EHR sent for one prefetch key. A key the EHR left out has no value at all.
 */
public sealed interface PrefetchValue {

	/** The EHR sent data: a resource or a search Bundle. */
	record Data(IBaseResource resource) implements PrefetchValue {
	}

	/** The EHR sent {@code null}: it knows there is no data. */
	record NoData() implements PrefetchValue {
	}

	/** The EHR sent an OperationOutcome: it tried and could not fetch the data. */
	record FetchFailed(IBaseResource outcome) implements PrefetchValue {
	}

}
