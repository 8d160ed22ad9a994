package org.ldncds.hooks;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the plain fields of a call's JSON, naming the path of any that is wrong. */
final class JsonFields {

	private JsonFields() {
	}

	static String requiredText(JsonNode parent, String field, String path) {
		JsonNode node = parent.get(field);
		if (isAbsent(node)) {
			throw CdsHooksException.badRequest(path + " is required");
		}
		if (!node.isTextual() || node.asText().isBlank()) {
			throw CdsHooksException.badRequest(path + " must be a non-empty string");
		}
		return node.asText();
	}

	static String optionalText(JsonNode parent, String field) {
		JsonNode node = parent.get(field);
		return isAbsent(node) ? null : node.asText();
	}

	static boolean isAbsent(JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode();
	}

}
