package org.ldncds.hooks;

import java.net.URI;
import java.util.Optional;

/**
 * Who made a service call, as established by authentication, and which FHIR servers the
 * service may call on its behalf. The service never calls a FHIR server its caller may
 * not name: it is not a proxy.
 */
public interface Caller {

	/** The request attribute under which authentication leaves the caller. */
	String ATTRIBUTE = Caller.class.getName();

	/** A caller nobody vouched for: it may make the service call nothing. */
	Caller UNKNOWN = new Caller() {
		@Override
		public String issuer() {
			return null;
		}

		@Override
		public Optional<String> refusalToCall(URI fhirServer) {
			return Optional.of("the caller is not authenticated, so no FHIR server may be called for it");
		}
	};

	/** The client's issuer, or {@code null} when authentication is off. */
	String issuer();

	/** The organisation the client named in its token ({@code tenant}), if any. */
	default String tenant() {
		return null;
	}

	/**
	 * Why the service must not call this FHIR server for the caller; empty when it may.
	 */
	Optional<String> refusalToCall(URI fhirServer);

}
