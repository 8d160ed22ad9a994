package org.ldncds.hooks;

import java.util.List;

/**
 * A CDS Hooks card as the EHR shows it. Empty optional fields are left out of the JSON,
 * never sent as null or empty.
 */
public record Card(String uuid, String summary, String detail, Indicator indicator, Source source,
		List<Suggestion> suggestions, String selectionBehavior, List<Coding> overrideReasons, List<Link> links) {

	/** The most urgent cards first. */
	public static int mostUrgentFirst(Card a, Card b) {
		return b.indicator().compareTo(a.indicator());
	}

}
