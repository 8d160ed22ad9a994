package org.ldncds.architecture.broken.rules;

import org.ldncds.architecture.broken.cards.CardMaker;

/** Breaks the floors: the rules reach up into card making. */
public final class RuleThatMakesCards {

	public String fire() {
		return new CardMaker().make(this);
	}

}
