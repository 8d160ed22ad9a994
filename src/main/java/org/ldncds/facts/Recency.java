package org.ldncds.facts;

/**
 * How long ago a day was, as a word a card template turns into text: today, yesterday,
 * some days ago, or a day still to come.
 */
public enum Recency {

	TODAY, YESTERDAY, EARLIER, LATER;

	/** The recency of a day this many days ago (negative: in the future). */
	public static Recency of(int daysAgo) {
		if (daysAgo < 0) {
			return LATER;
		}
		return switch (daysAgo) {
			case 0 -> TODAY;
			case 1 -> YESTERDAY;
			default -> EARLIER;
		};
	}

}
