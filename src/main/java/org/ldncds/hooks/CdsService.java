package org.ldncds.hooks;

/**
 * A CDS service: it describes itself for discovery and answers calls for its hook. Every
 * Spring bean implementing this is published at {@code /cds-services/{id}}.
 */
public interface CdsService {

	ServiceDescriptor descriptor();

	/**
	 * Answers one call, validated for the service's hook. The outcome holds the answer or
	 * the refusal, and what the audit trail needs to know; the service writes nothing
	 * elsewhere about the call.
	 * @throws CdsHooksException when the call is refused before the service could say
	 * more than the refusal (too busy, a FHIR server the caller may not name)
	 */
	ServiceOutcome call(HookRequest request);

}
