package org.ldncds.hooks;

import com.fasterxml.jackson.annotation.JsonValue;

/** How urgent a card is, in CDS Hooks terms. Declared from least to most urgent. */
public enum Indicator {

	INFO, WARNING, CRITICAL;

	@JsonValue
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
