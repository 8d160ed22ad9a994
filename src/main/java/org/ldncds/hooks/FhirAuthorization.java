package org.ldncds.hooks;

/**
 * The OAuth token the EHR lends for calls back to its FHIR server. Transient: never
 * stored, never logged (hence the redacting {@link #toString()}).
 */
public record FhirAuthorization(String accessToken, String tokenType, Long expiresIn, String scope, String subject,
		String patient) {

	@Override
	public String toString() {
		return "FhirAuthorization[tokenType=" + tokenType + ", scope=" + scope + ", accessToken=<redacted>]";
	}

}
