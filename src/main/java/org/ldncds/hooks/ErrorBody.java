package org.ldncds.hooks;

import java.util.List;

/**
 * The JSON body of every error answer: a short code, a sentence saying what is wrong, and
 * for 412 the prefetch keys that could not be obtained.
 */
public record ErrorBody(String error, String detail, List<String> missingPrefetch) {

	public ErrorBody(String error, String detail) {
		this(error, detail, List.of());
	}

}
