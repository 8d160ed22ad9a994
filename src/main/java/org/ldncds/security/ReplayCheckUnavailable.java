package org.ldncds.security;

/**
 * The shared replay cache could not be asked whether a token id was seen before. The
 * token is refused (never accepted unchecked), with 503 rather than 401: the client's
 * token may be fine, the service cannot tell now.
 */
class ReplayCheckUnavailable extends AuthenticationFailure {

	ReplayCheckUnavailable(String reason) {
		super(reason);
	}

}
