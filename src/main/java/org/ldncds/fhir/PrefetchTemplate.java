package org.ldncds.fhir;

import java.util.Optional;

import org.ldncds.hooks.HookContext;
import org.ldncds.hooks.PrefetchTokens;

/**
 * Fills the tokens of a prefetch template ({@code {{context.patientId}}},
 * {@code {{userPractitionerId}}} ...) from a call's context, as CDS Hooks 2.0 defines
 * them (see {@link PrefetchTokens}).
 */
final class PrefetchTemplate {

	private PrefetchTemplate() {
	}

	/** The query with every token replaced, or empty when a token has no value. */
	static Optional<String> fill(String template, HookContext context) {
		return PrefetchTokens.fill(template, context);
	}

}
