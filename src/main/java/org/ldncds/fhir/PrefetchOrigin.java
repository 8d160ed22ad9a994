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
	SKIPPED;

	/**
	 * The origin as recorded in the audit trail: supplied, supplied-empty, fetched,
	 * skipped.
	 */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
