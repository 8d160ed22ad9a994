package org.ldncds.hooks;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A CDS Hooks 2.0 service call, typed. Unknown fields and extensions of the request are
 * ignored when it is parsed.
 *
 * @param hook the hook that fired
 * @param hookInstance the unique id of this call
 * @param fhirServer the EHR's FHIR base URL, or {@code null}
 * @param fhirAuthorization the token for {@code fhirServer}, or {@code null}
 * @param context the hook context
 * @param prefetch the prefetch values by key; a key the EHR did not send is absent
 * @param caller who made the call, and which FHIR servers may be called for it
 */
public record HookRequest(String hook, String hookInstance, URI fhirServer, FhirAuthorization fhirAuthorization,
		HookContext context, Map<String, PrefetchValue> prefetch, Caller caller) {

	public HookRequest {
		prefetch = Map.copyOf(prefetch);
	}

	/** The same request, made by this caller. */
	public HookRequest by(Caller caller) {
		return new HookRequest(hook, hookInstance, fhirServer, fhirAuthorization, context, prefetch, caller);
	}

	public Optional<URI> server() {
		return Optional.ofNullable(fhirServer);
	}

	public Optional<FhirAuthorization> authorization() {
		return Optional.ofNullable(fhirAuthorization);
	}

}
