package org.ldncds.hooks;

import java.io.IOException;

/**
 * A request body that did not arrive in time or arrived too slowly (see
 * {@link RequestBodyProperties}): answered 408.
 */
public class RequestBodyTimeout extends IOException {

	RequestBodyTimeout(String detail) {
		super(detail);
	}

}
