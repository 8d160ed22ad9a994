package org.ldncds.security;

/**
 * A token that does not authenticate its bearer. The reason is for the log; the caller
 * only learns that authentication failed.
 */
class AuthenticationFailure extends Exception {

	AuthenticationFailure(String reason) {
		super(reason);
	}

}
