package org.ldncds.architecture.broken.cards;

import org.ldncds.architecture.broken.rules.RuleThatMakesCards;

/** Cards may use rules; here the rules use cards back, closing a cycle. */
public final class CardMaker {

	public String make(RuleThatMakesCards rule) {
		return rule.toString();
	}

}
