package org.ldncds.hooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

import static org.ldncds.hooks.JsonFields.isAbsent;
import static org.ldncds.hooks.JsonFields.optionalText;
import static org.ldncds.hooks.JsonFields.requiredText;

/**
 * Turns the JSON body of a service call into a {@link HookRequest}, checking every field
 * the hook requires. Each rejection names the field or path that is wrong, so that an
 * integrator can fix the request from the error alone. This class reads the envelope
 * (hook, hookInstance, fhirServer, fhirAuthorization); {@link ContextParser} and
 * {@link PrefetchParser} read the rest.
 */
@Component
public class HookRequestParser {

	private static final Pattern HOOK_INSTANCE = Pattern.compile("[A-Za-z0-9\\-._:]{1,128}");

	/**
	 * Reads bodies strictly: a key given twice anywhere, or anything after the JSON
	 * value, makes the body ambiguous, and ambiguous bodies are refused (keeping either
	 * value could hide a critical card).
	 */
	private final StrictJson strictJson;

	private final ContextParser context;

	private final PrefetchParser prefetch;

	public HookRequestParser(ObjectMapper objectMapper, FhirContext fhirContext, HooksProperties limits) {
		this.strictJson = new StrictJson(objectMapper);
		FhirResourceReader resources = new FhirResourceReader(fhirContext, limits.maxBundleEntries());
		this.context = new ContextParser(resources);
		this.prefetch = new PrefetchParser(resources, new PrefetchShape(fhirContext));
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
			// It is logged and audited: no line breaks
			// or other control characters may pass.
			throw CdsHooksException.badRequest(
					"hookInstance must be an id such as a UUID (letters, digits, '-', '.', '_', ':'; at most 128)");
		}
		URI fhirServer = fhirServer(root.get("fhirServer"));
		FhirAuthorization authorization = authorization(root.get("fhirAuthorization"));
		if (authorization != null && fhirServer == null) {
			throw CdsHooksException.badRequest("fhirServer is required when fhirAuthorization is present");
		}
		return new HookRequest(hook, hookInstance, fhirServer, authorization, context.parse(root.get("context"), hook),
				prefetch.parse(root.get("prefetch"), service.prefetch()), Caller.UNKNOWN);
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
			// Clients with an open FHIR server (the Da Vinci CRD
			// request generator) send "": no authorization. Fetches
			// then go without a token, as when the field is absent.
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

}
