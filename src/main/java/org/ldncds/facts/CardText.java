package org.ldncds.facts;

import java.util.List;

/**
 * Short text for cards, kept for rules not yet written as card templates: the work is
 * done by {@link org.ldncds.knowledge.CardText}, which templates use.
 */
public final class CardText {

	private CardText() {
	}

	/** See {@link org.ldncds.knowledge.CardText#shortened(String, int)}. */
	public static String shortened(String text, int maxLength) {
		return org.ldncds.knowledge.CardText.shortened(text, maxLength);
	}

	/** See {@link org.ldncds.knowledge.CardText#list(List, int)}. */
	public static String list(List<String> names, int maxLength) {
		return org.ldncds.knowledge.CardText.list(names, maxLength);
	}

}
