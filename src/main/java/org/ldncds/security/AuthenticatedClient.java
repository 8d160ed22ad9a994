package org.ldncds.security;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.ldncds.hooks.Caller;

/**
 * The CDS client a request was authenticated as.
 *
 * @param issuer its {@code iss}
 * @param tenant the {@code tenant} claim, if any
 * @param fhirServers the FHIR server origins it may name; empty means none
 * @param anyFhirServer true only when authentication is switched off
 * @param allowHttp whether plain-http FHIR servers may be called
 */
public record AuthenticatedClient(String issuer, String tenant, List<URI> fhirServers, boolean anyFhirServer,
		boolean allowHttp) implements Caller {

	@Override
	public Optional<String> refusalToCall(URI fhirServer) {
		if (!allowHttp && !"https".equalsIgnoreCase(fhirServer.getScheme())) {
			return Optional.of("fhirServer must use https");
		}
		if (anyFhirServer || fhirServers.stream().anyMatch((allowed) -> sameOrigin(allowed, fhirServer))) {
			return Optional.empty();
		}
		return Optional.of("fhirServer " + fhirServer.getScheme() + "://" + fhirServer.getAuthority()
				+ " is not one this client may name");
	}

	static boolean sameOrigin(URI a, URI b) {
		return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
				&& a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
	}

	private static int port(URI uri) {
		return uri.getPort() >= 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
	}

}
