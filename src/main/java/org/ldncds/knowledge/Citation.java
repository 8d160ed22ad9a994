package org.ldncds.knowledge;

/**
 * A source a card cites: a label, a title and a link (DailyMed, PubMed...).
 *
 * @param key the short key rules cite it by, e.g. {@code naltrexone-label}
 * @param title what the clinician reads
 * @param url where the source can be read
 */
public record Citation(String key, String title, String url) {

	/** The citation as a markdown link. */
	public String markdown() {
		return "[" + title + "](" + url + ")";
	}

}
