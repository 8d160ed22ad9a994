package org.ldncds.hooks;

import org.ldncds.cards.CdsResponse;

/**
 * A CDS service: it describes itself for discovery and answers calls for its hook. Every
 * Spring bean implementing this is published at {@code /cds-services/{id}}.
 */
public interface CdsService {

	ServiceDescriptor descriptor();

	/**
	 * Answers one call. The request has been validated for the service's hook.
	 * @param trace where the service tells what it did (prefetch, rules, cards) for the
	 * audit trail
	 * @throws CdsHooksException when the call cannot be answered with cards
	 */
	CdsResponse call(HookRequest request, CallTrace trace);

}
