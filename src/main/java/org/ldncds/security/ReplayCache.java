package org.ldncds.security;

import java.time.Instant;

/**
 * Remembers each token id (per issuer) until its token expires, so that a captured token
 * cannot be replayed: in this instance's memory, or in Redis shared by every instance.
 */
interface ReplayCache {

	/**
	 * Records the id; false when it was seen before and has not expired.
	 * @param expiresAt when the token expires, clock skew included: the id is remembered
	 * until then
	 * @throws ReplayCheckUnavailable when the shared cache cannot be asked: the token
	 * must then be refused, as one whose id could not be checked
	 */
	boolean firstUse(String issuer, String jti, Instant expiresAt) throws ReplayCheckUnavailable;

}
