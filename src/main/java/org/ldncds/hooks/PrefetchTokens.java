package org.ldncds.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prefetch tokens of CDS Hooks 2.0: {@code {{context.<field>}}} for a root-level
 * primitive field of the hook's context, and the four user tokens
 * {@code {{userPractitionerId}}}, {@code {{userPractitionerRoleId}}},
 * {@code {{userPatientId}}} and {@code {{userRelatedPersonId}}}, the id part of
 * {@code context.userId} when it names a user of that type ({@code Practitioner/123}). A
 * template is checked when its service is declared, so that a token the service could
 * never fill stops startup; a token is never sent to a FHIR server as written.
 */
public final class PrefetchTokens {

	private static final Pattern TOKEN = Pattern.compile("\\{\\{(.*?)}}");

	private static final Map<String, String> USER_TOKENS = Map.of("userPractitionerId", "Practitioner",
			"userPractitionerRoleId", "PractitionerRole", "userPatientId", "Patient", "userRelatedPersonId",
			"RelatedPerson");

	/**
	 * The context fields each hook offers as prefetch tokens ("Prefetch Token: Yes" in
	 * the CDS Hooks library); {@code selections} and {@code draftOrders} are not
	 * primitive and are never tokens.
	 */
	private static final Map<String, Set<String>> CONTEXT_TOKENS = Map.of("order-select",
			Set.of("userId", "patientId", "encounterId"), "order-sign", Set.of("userId", "patientId", "encounterId"),
			"patient-view", Set.of("userId", "patientId", "encounterId"));

	/** A FHIR id: nothing that adds a path or a query. */
	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	/** {@code context.userId} is a reference such as {@code Practitioner/123}. */
	private static final Pattern SAFE_REFERENCE = Pattern.compile("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");

	private PrefetchTokens() {
	}

	/**
	 * Checks every template of a service: each token is one the hook defines.
	 * @throws IllegalArgumentException naming the key and the token that is not
	 */
	public static void check(String hook, Map<String, String> templates) {
		templates.forEach((key, template) -> {
			List<String> problems = problemsIn(hook, template);
			if (!problems.isEmpty()) {
				throw new IllegalArgumentException("Prefetch template '" + key + "' (" + template + ") of hook " + hook
						+ ": " + String.join("; ", problems));
			}
		});
	}

	/**
	 * The query with every token replaced, or empty when a token has no value in this
	 * call (an optional context field that is absent, a user token of another kind of
	 * user): such a template is not for this call.
	 */
	public static Optional<String> fill(String template, HookContext context) {
		Matcher matcher = TOKEN.matcher(template);
		StringBuilder query = new StringBuilder();
		while (matcher.find()) {
			Optional<String> value = valueOf(matcher.group(1).strip(), context);
			if (value.isEmpty()) {
				return Optional.empty();
			}
			matcher.appendReplacement(query, Matcher.quoteReplacement(value.get()));
		}
		matcher.appendTail(query);
		String filled = query.toString();
		// A brace pair left (an unclosed token) must never reach a FHIR server.
		return (filled.contains("{{") || filled.contains("}}")) ? Optional.empty() : Optional.of(filled);
	}

	private static List<String> problemsIn(String hook, String template) {
		List<String> problems = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(template);
		StringBuilder rest = new StringBuilder();
		while (matcher.find()) {
			String token = matcher.group(1).strip();
			if (!isKnown(hook, token)) {
				problems.add("unknown token {{" + token + "}}; CDS Hooks 2.0 defines {{context.<field>}} for "
						+ CONTEXT_TOKENS.getOrDefault(hook, Set.of()) + " and " + USER_TOKENS.keySet());
			}
			matcher.appendReplacement(rest, "");
		}
		matcher.appendTail(rest);
		if (rest.indexOf("{{") >= 0 || rest.indexOf("}}") >= 0) {
			problems.add("a '{{' or '}}' that is not part of a token");
		}
		return problems;
	}

	private static boolean isKnown(String hook, String token) {
		if (USER_TOKENS.containsKey(token)) {
			return true;
		}
		return token.startsWith("context.")
				&& CONTEXT_TOKENS.getOrDefault(hook, Set.of()).contains(token.substring("context.".length()));
	}

	private static Optional<String> valueOf(String token, HookContext context) {
		if (token.startsWith("context.")) {
			String field = token.substring("context.".length());
			Pattern safe = field.equals("userId") ? SAFE_REFERENCE : SAFE_ID;
			return Optional.ofNullable(context.primitives().get(field))
				.filter((value) -> safe.matcher(value).matches());
		}
		String resourceType = USER_TOKENS.get(token);
		String userId = context.userId();
		if (resourceType == null || userId == null || !userId.startsWith(resourceType + "/")) {
			return Optional.empty();
		}
		// Token values end up in a URL: only id-like values may, so none can add a query.
		return Optional.of(userId.substring(resourceType.length() + 1))
			.filter((value) -> SAFE_ID.matcher(value).matches());
	}

}
