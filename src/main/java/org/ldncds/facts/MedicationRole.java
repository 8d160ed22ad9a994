package org.ldncds.facts;

/**
 * Where a medication comes from, relative to the decision being made.
 */
public enum MedicationRole {

	/** A draft order the clinician is selecting or signing right now. */
	UNDER_REVIEW,

	/** Another draft order of the same ordering session, not the one under review. */
	OTHER_DRAFT,

	/** A current (active or on-hold) order on the patient's record. */
	ON_RECORD

}
