package org.ldncds.hooks;

import java.io.IOException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Reads a body the client sent as one JSON value and refuses what JSON leaves open: a key
 * given twice in one object (which value counts?) and content after the value (which body
 * counts?). In CDS a guess could hide a critical card, so both are a 400.
 */
public final class StrictJson {

	private final ObjectReader reader;

	public StrictJson(ObjectMapper objectMapper) {
		this.reader = objectMapper.reader()
			.with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
			.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	/**
	 * @param what how the answer names the body, e.g. "the request body"
	 * @return the body's JSON value, never null or missing
	 */
	public JsonNode read(byte[] body, String what) {
		try {
			JsonNode root = reader.readTree(body);
			if (root == null || root.isMissingNode()) {
				throw CdsHooksException.badRequest(what + " is empty");
			}
			return root;
		}
		catch (JacksonException ex) {
			throw invalidJson(ex, what);
		}
		catch (IOException ex) {
			throw CdsHooksException.badRequest(what + " could not be read");
		}
	}

	/**
	 * Names the ambiguity (a key given twice, content after the value) or the syntax
	 * error. Jackson's own message may quote the body, so the log gets only its place.
	 */
	private static CdsHooksException invalidJson(JacksonException ex, String what) {
		JsonLocation where = ex.getLocation();
		String at = (where == null) ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
		String message = String.valueOf(ex.getOriginalMessage());
		if (ex instanceof JsonParseException && message.startsWith("Duplicate field")) {
			String key = message.substring(message.indexOf('\'') + 1, message.lastIndexOf('\''));
			return CdsHooksException.badRequest(
					what + " is ambiguous: the key '" + key + "' appears twice in one object" + at,
					what + " has a key twice in one object" + at);
		}
		if (ex instanceof MismatchedInputException && message.startsWith("Trailing token")) {
			return CdsHooksException.badRequest(what + " is ambiguous: there is more content after its JSON value" + at,
					what + " has content after its JSON value" + at);
		}
		return CdsHooksException.badRequest(what + " is not valid JSON: " + message, what + " is not valid JSON" + at);
	}

}
