package org.ldncds.knowledge;

/**
 * A source a card cites: a short label for the card's {@code source}, the full reference
 * for its detail and links, and where it can be read.
 *
 * @param key the key templates cite it by, e.g. {@code naltrexone-label}
 * @param label the short label the card's source shows, e.g. "Bruun 2024, Lancet
 * Rheumatol" (the related artifact's {@code display})
 * @param reference the full reference: authors, title, journal, year, pages, section (the
 * related artifact's {@code citation}; the label when it has none)
 * @param url where the source can be read (a DOI, PubMed or DailyMed setid link);
 * {@code null} when no identifier could be verified, so the card names the source without
 * a link
 * @param file the knowledge file that holds it, for the knowledge check's messages
 * @param line the line of its label in that file; 0 when not known
 */
public record Citation(String key, String label, String reference, String url, String file, int line) {

	/** A citation known only by its resource, not its file. */
	public Citation(String key, String label, String reference, String url) {
		this(key, label, reference, url, "Library/" + KnowledgeBase.EVIDENCE_LIBRARY_ID, 0);
	}

	/** Whether the source has a link. */
	public boolean hasUrl() {
		return url != null && !url.isBlank();
	}

	/** The full reference as a markdown link, or as text when it has no link. */
	public String markdown() {
		return hasUrl() ? "[" + reference + "](" + url + ")" : reference;
	}

}
