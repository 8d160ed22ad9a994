package org.ldncds.hooks;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ldncds.fhir.BundleReferences;

import org.springframework.stereotype.Component;

/**
 * Turns the JSON body of a service call into a {@link HookRequest}, checking every field
 * the hook requires. Each rejection names the field or path that is wrong, so that an
 * integrator can fix the request from the error alone.
 */
@Component
public class HookRequestParser {

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private static final Pattern HOOK_INSTANCE = Pattern.compile("[A-Za-z0-9\\-._:]{1,128}");

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

	private static final Pattern JAVA_EXCEPTION = Pattern
		.compile("(?:[A-Za-z_$][\\w$]*\\.)+[\\w$]*(?:Exception|Error)\\b:?\\s*");

	private static final int MAX_PROBLEM_LENGTH = 300;

	/**
	 * The context fields each supported hook requires (CDS Hooks library, STU1), in the
	 * order they are checked, so that the first missing one is always the one named.
	 */
	private static final Map<String, List<String>> REQUIRED_CONTEXT = Map.of("order-select",
			List.of("userId", "patientId", "selections", "draftOrders"), "order-sign",
			List.of("userId", "patientId", "draftOrders"), "patient-view", List.of("userId", "patientId"));

	private final ObjectMapper objectMapper;

	/**
	 * Reads bodies strictly: a key given twice anywhere, or anything after the JSON
	 * value, makes the body ambiguous, and ambiguous bodies are refused (keeping either
	 * value could hide a critical card).
	 */
	private final StrictJson strictJson;

	private final FhirContext fhirContext;

	private final PrefetchShape prefetchShape;

	private final int maxBundleEntries;

	public HookRequestParser(ObjectMapper objectMapper, FhirContext fhirContext, HooksProperties limits) {
		this.objectMapper = objectMapper;
		this.strictJson = new StrictJson(objectMapper);
		this.fhirContext = fhirContext;
		this.prefetchShape = new PrefetchShape(fhirContext);
		this.maxBundleEntries = limits.maxBundleEntries();
	}

	/**
	 * Parses a call to the service described.
	 * @throws CdsHooksException with status 400 naming what is wrong
	 */
	public HookRequest parse(byte[] body, ServiceDescriptor service) {
		JsonNode root = strictJson.read(body, "the request body");
		if (!root.isObject()) {
			throw CdsHooksException.badRequest("the request body must be a JSON object");
		}
		String hook = requiredText(root, "hook", "hook");
		if (!hook.equals(service.hook())) {
			throw CdsHooksException.badRequest("hook '" + hook + "' does not match service '" + service.id()
					+ "', which answers " + service.hook());
		}
		String hookInstance = requiredText(root, "hookInstance", "hookInstance");
		if (!HOOK_INSTANCE.matcher(hookInstance).matches()) {
			// It is logged and audited: no line breaks or other control characters may
			// pass.
			throw CdsHooksException.badRequest(
					"hookInstance must be an id such as a UUID (letters, digits, '-', '.', '_', ':'; at most 128)");
		}
		URI fhirServer = fhirServer(root.get("fhirServer"));
		FhirAuthorization authorization = authorization(root.get("fhirAuthorization"));
		if (authorization != null && fhirServer == null) {
			throw CdsHooksException.badRequest("fhirServer is required when fhirAuthorization is present");
		}
		HookContext context = context(root.get("context"), hook);
		return new HookRequest(hook, hookInstance, fhirServer, authorization, context,
				prefetch(root.get("prefetch"), service.prefetch()), Caller.UNKNOWN);
	}

	private URI fhirServer(JsonNode node) {
		if (isAbsent(node)) {
			return null;
		}
		String problem = "fhirServer must be an absolute http or https URL";
		if (!node.isTextual()) {
			throw CdsHooksException.badRequest(problem);
		}
		try {
			URI uri = new URI(node.asText());
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				throw CdsHooksException.badRequest(problem);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw CdsHooksException.badRequest(problem);
		}
	}

	private FhirAuthorization authorization(JsonNode node) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isObject()) {
			throw CdsHooksException.badRequest("fhirAuthorization must be an object");
		}
		JsonNode accessToken = node.get("access_token");
		if (accessToken != null && accessToken.isTextual() && accessToken.asText().isBlank()) {
			// Clients with an open FHIR server (the Da Vinci CRD request generator) send
			// "": no authorization. Fetches then go without a token, as when the field is
			// absent.
			return null;
		}
		String token = requiredText(node, "access_token", "fhirAuthorization.access_token");
		String tokenType = requiredText(node, "token_type", "fhirAuthorization.token_type");
		if (!tokenType.equalsIgnoreCase("Bearer")) {
			throw CdsHooksException.badRequest("fhirAuthorization.token_type must be Bearer");
		}
		JsonNode expiresIn = node.get("expires_in");
		if (!isAbsent(expiresIn) && !expiresIn.canConvertToLong()) {
			throw CdsHooksException.badRequest("fhirAuthorization.expires_in must be a number of seconds");
		}
		return new FhirAuthorization(token, tokenType, isAbsent(expiresIn) ? null : expiresIn.asLong(),
				optionalText(node, "scope"), optionalText(node, "subject"), optionalText(node, "patient"));
	}

	private HookContext context(JsonNode node, String hook) {
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
		IBaseResource resource = isResourceOfType(node, "Bundle") ? parseResource(node, "context.draftOrders") : null;
		if (!(resource instanceof Bundle bundle)) {
			throw CdsHooksException.badRequest("context.draftOrders must be a Bundle");
		}
		refuseDuplicates(bundle, "context.draftOrders");
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

	/**
	 * Two entries of one Bundle for the same resource make a reference to it ambiguous.
	 */
	private static void refuseDuplicates(Bundle bundle, String path) {
		BundleReferences.duplicateIn(bundle).ifPresent((problem) -> {
			throw CdsHooksException.badRequest(path + " is ambiguous: " + problem,
					path + " is ambiguous: two entries for one resource");
		});
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

	private Map<String, PrefetchValue> prefetch(JsonNode node, Map<String, String> templates) {
		if (isAbsent(node)) {
			return Map.of();
		}
		if (!node.isObject()) {
			throw CdsHooksException.badRequest("prefetch must be an object");
		}
		Map<String, PrefetchValue> prefetch = new LinkedHashMap<>();
		node.properties()
			.forEach((field) -> prefetch.put(field.getKey(),
					prefetchValue(field.getKey(), field.getValue(), templates.get(field.getKey()))));
		return prefetch;
	}

	/**
	 * The value of one key. A key the service declared must hold what its template asks
	 * for; other keys (a client's own, such as Da Vinci CRD's) are not used.
	 */
	private PrefetchValue prefetchValue(String key, JsonNode value, String template) {
		if (value.isNull()) {
			return new PrefetchValue.NoData();
		}
		String path = "prefetch." + key;
		if (!value.isObject()) {
			throw CdsHooksException.badRequest(path + " must be a FHIR resource or null");
		}
		IBaseResource resource = parseResource(value, path);
		if (template != null) {
			prefetchShape.problem(key, template, resource).ifPresent((problem) -> {
				throw CdsHooksException.badRequest(problem);
			});
			if (resource instanceof Bundle bundle) {
				refuseDuplicates(bundle, path);
			}
		}
		return (resource instanceof OperationOutcome) ? new PrefetchValue.FetchFailed(resource)
				: new PrefetchValue.Data(resource);
	}

	private IBaseResource parseResource(JsonNode node, String path) {
		if (!node.isObject() || !node.path("resourceType").isTextual()) {
			throw CdsHooksException.badRequest(path + " must be a FHIR resource with a resourceType");
		}
		if (node.path("entry").size() > maxBundleEntries) {
			throw CdsHooksException
				.badRequest(path + " has more than " + maxBundleEntries + " entries (ldn.hooks.max-bundle-entries)");
		}
		try {
			IParser parser = fhirContext.newJsonParser();
			parser.setParserErrorHandler(new ShapeCheckingErrorHandler());
			// A Bundle entry keeps the id it was sent with: by default HAPI replaces it
			// with the entry's fullUrl, and a urn:uuid draft could no longer be named by
			// its id. BundleReferences resolves fullUrls itself.
			parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
			return parser.parseResource(objectMapper.writeValueAsString(node));
		}
		catch (DataFormatException | IOException ex) {
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

	private static boolean isResourceOfType(JsonNode node, String type) {
		return node.isObject() && type.equals(node.path("resourceType").asText());
	}

	private static String requiredText(JsonNode parent, String field, String path) {
		JsonNode node = parent.get(field);
		if (isAbsent(node)) {
			throw CdsHooksException.badRequest(path + " is required");
		}
		if (!node.isTextual() || node.asText().isBlank()) {
			throw CdsHooksException.badRequest(path + " must be a non-empty string");
		}
		return node.asText();
	}

	private static String optionalText(JsonNode parent, String field) {
		JsonNode node = parent.get(field);
		return isAbsent(node) ? null : node.asText();
	}

	private static boolean isAbsent(JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode();
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
