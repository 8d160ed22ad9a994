package org.ldncds.hooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

import static org.ldncds.hooks.JsonFields.isAbsent;

/**
 * Reads a call's {@code context}: the fields its hook requires, the ids the service logs
 * and audits (checked so that none can forge a log line), the draft orders and the
 * selections among them.
 */
final class ContextParser {

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private static final Pattern REFERENCE = Pattern.compile("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");

	/**
	 * A selection as EHRs write it: {@code Type/id} (optionally with
	 * {@code /_history/version}), an absolute URL, or a
	 * {@code urn:uuid:}/{@code urn:oid:} naming the draft's {@code fullUrl}. Nothing that
	 * could forge a log line.
	 */
	private static final Pattern SELECTION = Pattern
		.compile("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}(?:/_history/[A-Za-z0-9\\-.]{1,64})?"
				+ "|urn:uuid:[0-9A-Fa-f\\-]{1,64}|urn:oid:[0-9.]{1,64}|https?://[\\x21-\\x7E]{1,1000}");

	/**
	 * The context fields each supported hook requires (CDS Hooks library, STU1), in the
	 * order they are checked, so that the first missing one is always the one named.
	 */
	private static final Map<String, List<String>> REQUIRED_CONTEXT = Map.of("order-select",
			List.of("userId", "patientId", "selections", "draftOrders"), "order-sign",
			List.of("userId", "patientId", "draftOrders"), "patient-view", List.of("userId", "patientId"));

	private final FhirResourceReader resources;

	ContextParser(FhirResourceReader resources) {
		this.resources = resources;
	}

	HookContext parse(JsonNode node, String hook) {
		if (isAbsent(node)) {
			throw CdsHooksException.badRequest("context is required");
		}
		if (!node.isObject()) {
			throw CdsHooksException.badRequest("context must be an object");
		}
		List<String> required = REQUIRED_CONTEXT.getOrDefault(hook, List.of());
		for (String field : required) {
			if (isAbsent(node.get(field))) {
				throw CdsHooksException.badRequest("context." + field + " is required for " + hook);
			}
		}
		String patientId = idField(node, "patientId", FHIR_ID, "a FHIR id (letters, digits, '-', '.'; at most 64)");
		String userId = idField(node, "userId", REFERENCE, "a reference such as Practitioner/123");
		String encounterId = idField(node, "encounterId", FHIR_ID, "a FHIR id");
		Bundle draftOrders = draftOrders(node.get("draftOrders"));
		List<String> selections = selections(node.get("selections"), draftOrders);
		return new HookContext(userId, patientId, encounterId, selections, draftOrders, primitives(node));
	}

	private String idField(JsonNode context, String field, Pattern pattern, String expected) {
		JsonNode node = context.get(field);
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isTextual() || !pattern.matcher(node.asText()).matches()) {
			throw CdsHooksException.badRequest("context." + field + " must be " + expected);
		}
		return node.asText();
	}

	private Bundle draftOrders(JsonNode node) {
		if (isAbsent(node)) {
			return null;
		}
		IBaseResource resource = FhirResourceReader.isResourceOfType(node, "Bundle")
				? resources.read(node, "context.draftOrders") : null;
		if (!(resource instanceof Bundle bundle)) {
			throw CdsHooksException.badRequest("context.draftOrders must be a Bundle");
		}
		FhirResourceReader.refuseDuplicates(bundle, "context.draftOrders");
		return bundle;
	}

	private List<String> selections(JsonNode node, Bundle draftOrders) {
		if (isAbsent(node)) {
			return List.of();
		}
		if (!node.isArray() || node.isEmpty()) {
			throw CdsHooksException.badRequest("context.selections must be a non-empty array of references");
		}
		List<String> selections = new ArrayList<>();
		BundleReferences drafts = (draftOrders == null) ? null : BundleReferences.of(List.of(draftOrders));
		for (int i = 0; i < node.size(); i++) {
			JsonNode selection = node.get(i);
			String path = "context.selections[" + i + "]";
			if (!selection.isTextual() || !SELECTION.matcher(selection.asText()).matches()) {
				throw CdsHooksException.badRequest(
						path + " must be a reference such as MedicationRequest/123, or the fullUrl of a draft order");
			}
			if (drafts != null && drafts.resolve(selection.asText(), null).isEmpty()) {
				throw CdsHooksException.badRequest(path + " (" + selection.asText() + ") is not in context.draftOrders",
						path + " is not in context.draftOrders");
			}
			selections.add(selection.asText());
		}
		return selections;
	}

	private Map<String, String> primitives(JsonNode context) {
		Map<String, String> primitives = new HashMap<>();
		context.properties().forEach((field) -> {
			if (field.getValue().isValueNode() && !field.getValue().isNull()) {
				primitives.put(field.getKey(), field.getValue().asText());
			}
		});
		return primitives;
	}

}
