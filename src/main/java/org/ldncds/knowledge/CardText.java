package org.ldncds.knowledge;

import java.util.List;

/**
 * Short text for cards, whose summaries must stay under 140 characters whatever the names
 * in the record: RxNorm and ICD-10-CM names can be 100 characters long. Card templates
 * use it through the {@code max:N} modifier ({@code {opioids|max:60}}).
 */
public final class CardText {

	private CardText() {
	}

	/**
	 * The text itself when it fits, else cut at a word and ended with "…": "acetaminophen
	 * 300 MG / butalbital 50 MG…". At most {@code maxLength} characters.
	 */
	public static String shortened(String text, int maxLength) {
		if (text.length() <= maxLength) {
			return text;
		}
		int space = text.lastIndexOf(' ', maxLength - 1);
		String cut = text.substring(0, (space > 0) ? space : maxLength - 1);
		return cut.replaceAll("[\\s/,;:+-]+$", "") + "…";
	}

	/**
	 * The names, comma separated, in at most {@code maxLength} characters: names that do
	 * not fit are counted ("oxycodone, +2 more"), and a first name that does not fit is
	 * shortened.
	 */
	public static String list(List<String> names, int maxLength) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < names.size(); i++) {
			String rest = more(names.size() - i - 1);
			String next = (i == 0 ? "" : ", ") + names.get(i);
			if (text.length() + next.length() + rest.length() > maxLength) {
				return (i == 0) ? shortened(names.get(0), maxLength - rest.length()) + rest
						: text + more(names.size() - i);
			}
			text.append(next);
		}
		return text.toString();
	}

	private static String more(int count) {
		return (count == 0) ? "" : ", +" + count + " more";
	}

}
