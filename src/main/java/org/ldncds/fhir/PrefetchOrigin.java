package org.ldncds.fhir;

/** Where the data for a prefetch key came from. */
public enum PrefetchOrigin {

	/** The EHR sent it. */
	SUPPLIED,

	/** The EHR sent {@code null}: there is no such data. */
	SUPPLIED_EMPTY,

	/** The service fetched it from the EHR's FHIR server. */
	FETCHED,

	/**
	 * Not sent, and not for this call: its template needs an optional context field
	 * ({@code encounterId}, a user token of another kind of user) the call does not have.
	 */
	SKIPPED,

	/**
	 * An optional key the EHR did not send and the service could not fetch (no
	 * {@code fhirServer}, one the caller may not name, or the fetch failed): the call
	 * went on without its data.
	 */
	UNAVAILABLE,

	/**
	 * An optional search the EHR sent in part (a page with a {@code next} link) whose
	 * other pages could not be read: used as far as it goes.
	 */
	SUPPLIED_PARTIAL;

	/**
	 * The origin as recorded in the audit trail: supplied, supplied-empty, fetched,
	 * skipped, unavailable, supplied-partial.
	 */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
