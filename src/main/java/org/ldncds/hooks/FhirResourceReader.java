package org.ldncds.hooks;

import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Turns the FHIR resources of a call (draft orders, prefetch values) into HAPI R4
 * resources: strictly where leniency would drop content, with errors that name the path
 * and never quote the record into the log.
 */
final class FhirResourceReader {

	private static final Pattern JAVA_EXCEPTION = Pattern
		.compile("(?:[A-Za-z_$][\\w$]*\\.)+[\\w$]*(?:Exception|Error)\\b:?\\s*");

	private static final int MAX_PROBLEM_LENGTH = 300;

	private final FhirContext fhirContext;

	private final int maxBundleEntries;

	FhirResourceReader(FhirContext fhirContext, int maxBundleEntries) {
		this.fhirContext = fhirContext;
		this.maxBundleEntries = maxBundleEntries;
	}

	IBaseResource read(JsonNode node, String path) {
		if (!node.isObject() || !node.path("resourceType").isTextual()) {
			throw CdsHooksException.badRequest(path + " must be a FHIR resource with a resourceType");
		}
		if (node.path("entry").size() > maxBundleEntries) {
			throw CdsHooksException
				.badRequest(path + " has more than " + maxBundleEntries + " entries (ldn.hooks.max-bundle-entries)");
		}
		try {
			JsonParser parser = (JsonParser) fhirContext.newJsonParser();
			parser.setParserErrorHandler(new ShapeCheckingErrorHandler());
			// A Bundle entry keeps the id it was sent with: by default HAPI replaces it
			// with the entry's fullUrl, and a urn:uuid draft could no longer be named by
			// its id. BundleReferences resolves fullUrls itself.
			parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
			// HAPI reads the tree the body was parsed into: no second pass
			// over the bytes. doParseResource, as parsing from text does,
			// leaves the entry ids alone.
			JacksonStructure tree = new JacksonStructure();
			tree.setNativeObject((ObjectNode) node);
			return parser.doParseResource(null, tree);
		}
		catch (DataFormatException ex) {
			// HAPI's message may quote a value of the record: not for the log.
			throw CdsHooksException.badRequest(path + " is not valid FHIR R4 JSON: " + problemIn(ex),
					path + " is not valid FHIR R4 JSON");
		}
		catch (RuntimeException ex) {
			// HAPI fails on some malformed content with other exceptions (an entry whose
			// resource is not an object: NullPointerException). The content is still at
			// fault, and the message says nothing useful to the caller.
			throw CdsHooksException.badRequest(path + " is not valid FHIR R4 JSON");
		}
	}

	/**
	 * HAPI's message, which names the element and the value at fault, without the Java
	 * exceptions it quotes ("java.lang.NumberFormatException: ...") and cut short: a
	 * caller learns what to fix, not how the service is built.
	 */
	static String problemIn(Exception ex) {
		String message = JAVA_EXCEPTION.matcher(String.valueOf(ex.getMessage())).replaceAll("");
		return (message.length() > MAX_PROBLEM_LENGTH) ? message.substring(0, MAX_PROBLEM_LENGTH) + "..." : message;
	}

	static boolean isResourceOfType(JsonNode node, String type) {
		return node.isObject() && type.equals(node.path("resourceType").asText());
	}

	/**
	 * Two entries of one Bundle for the same resource make a reference to it ambiguous.
	 */
	static void refuseDuplicates(Bundle bundle, String path) {
		BundleReferences.duplicateIn(bundle).ifPresent((problem) -> {
			throw CdsHooksException.badRequest(path + " is ambiguous: " + problem,
					path + " is ambiguous: two entries for one resource");
		});
	}

	/**
	 * Lenient, as the FHIR context is, except for JSON of the wrong shape where HAPI
	 * would drop the content without a word: a scalar where an object belongs (a Bundle
	 * entry {@code 42}), an object or array where a primitive belongs. A draft order or a
	 * current opioid dropped is a card missed.
	 */
	private static final class ShapeCheckingErrorHandler extends LenientErrorHandler {

		ShapeCheckingErrorHandler() {
			super(false);
		}

		@Override
		public void incorrectJsonType(IParseLocation location, String elementName, ValueType expectedValueType,
				ScalarType expectedScalarType, ValueType foundValueType, ScalarType foundScalarType) {
			boolean dropped = (expectedValueType == ValueType.OBJECT && foundValueType == ValueType.SCALAR)
					|| (expectedValueType == ValueType.SCALAR
							&& (foundValueType == ValueType.OBJECT || foundValueType == ValueType.ARRAY));
			if (dropped) {
				throw new DataFormatException(createIncorrectJsonTypeMessage(elementName, expectedValueType,
						expectedScalarType, foundValueType, foundScalarType));
			}
			super.incorrectJsonType(location, elementName, expectedValueType, expectedScalarType, foundValueType,
					foundScalarType);
		}

	}

}
