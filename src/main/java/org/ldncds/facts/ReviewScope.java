package org.ldncds.facts;

/** Which draft orders a hook asks about. */
public enum ReviewScope {

	/** order-select: only the orders named in {@code context.selections}. */
	SELECTIONS,

	/** order-sign: every draft order. */
	ALL_DRAFTS,

	/** patient-view: no order is being decided; the current therapy is reviewed. */
	CHART

}
