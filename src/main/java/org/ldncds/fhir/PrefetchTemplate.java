package org.ldncds.fhir;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ldncds.hooks.HookContext;

/**
 * Fills the tokens of a prefetch template ({@code {{context.patientId}}},
 * {@code {{userPractitionerId}}} ...) from a call's context, as CDS Hooks 2.0 defines
 * them.
 */
final class PrefetchTemplate {

	private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");

	private static final Map<String, String> USER_TOKENS = Map.of("userPractitionerId", "Practitioner",
			"userPractitionerRoleId", "PractitionerRole", "userPatientId", "Patient", "userRelatedPersonId",
			"RelatedPerson");

	private PrefetchTemplate() {
	}

	/** The query with every token replaced, or empty when a token has no value. */
	static Optional<String> fill(String template, HookContext context) {
		Matcher matcher = TOKEN.matcher(template);
		StringBuilder query = new StringBuilder();
		while (matcher.find()) {
			Optional<String> value = valueOf(matcher.group(1), context);
			if (value.isEmpty()) {
				return Optional.empty();
			}
			matcher.appendReplacement(query, Matcher.quoteReplacement(value.get()));
		}
		matcher.appendTail(query);
		return Optional.of(query.toString());
	}

	private static Optional<String> valueOf(String token, HookContext context) {
		if (token.startsWith("context.")) {
			return Optional.ofNullable(context.primitives().get(token.substring("context.".length())))
				.filter(PrefetchTemplate::isSafe);
		}
		String resourceType = USER_TOKENS.get(token);
		String userId = context.userId();
		if (resourceType == null || userId == null || !userId.startsWith(resourceType + "/")) {
			return Optional.empty();
		}
		return Optional.of(userId.substring(resourceType.length() + 1)).filter(PrefetchTemplate::isSafe);
	}

	/** Token values end up in a URL: only id-like values may, so none can add a query. */
	private static boolean isSafe(String value) {
		return value.matches("[A-Za-z0-9\\-.]{1,64}");
	}

}
