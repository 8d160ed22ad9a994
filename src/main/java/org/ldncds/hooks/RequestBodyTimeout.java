package org.ldncds.hooks;

import java.io.IOException;

/**
 * A request body that did not arrive in time or arrived too slowly (the limits are
 * {@code ldn.hooks.body.*}): answered 408.
 */
public class RequestBodyTimeout extends IOException {

	public RequestBodyTimeout(String detail) {
		super(detail);
	}

}
