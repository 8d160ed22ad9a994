package org.ldncds.hooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;

/**
 * The hook-specific context of a call.
 *
 * @param userId who is acting, e.g. {@code Practitioner/123}
 * @param patientId the patient in context
 * @param encounterId the encounter in context, or {@code null}
 * @param selections the draft orders being selected (order-select), as the EHR named
 * them: {@code Type/id} or the draft's {@code fullUrl}
 * @param draftOrders the draft orders of the ordering session, or {@code null}
 * @param primitives every root-level primitive field, as text, for prefetch tokens
 */
public record HookContext(String userId, String patientId, String encounterId, List<String> selections,
		Bundle draftOrders, Map<String, String> primitives) {

	public HookContext {
		selections = List.copyOf(selections);
		primitives = Map.copyOf(primitives);
	}

	public Optional<Bundle> drafts() {
		return Optional.ofNullable(draftOrders);
	}

}
