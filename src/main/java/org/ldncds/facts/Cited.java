package org.ldncds.facts;

import java.util.List;

/**
 * A fact that carries its own sources: an advice about it (a value of the advice, or an
 * item of a list value) cites them, before the sources its card template names. An LDN
 * indication cites the evidence for that condition, so a card about fibromyalgia cites
 * the fibromyalgia trials, not a general review.
 */
public interface Cited {

	/** Keys of the evidence Library, strongest source first. */
	List<String> citations();

}
