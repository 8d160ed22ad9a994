package org.ldncds.hooks;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a hook call; {@code cards} is always present, empty when nothing applies.
 */
public record CdsResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards) {

	public CdsResponse {
		cards = List.copyOf(cards);
	}

}
