package org.ldncds.facts;

/**
 * The demographics rules may need. Either value is {@code null} when the record does not
 * say.
 *
 * @param ageYears completed years of age on the day of the request
 * @param sex the administrative gender as FHIR codes it (female, male, other, unknown)
 */
public record PatientFact(Integer ageYears, String sex) {

	public boolean isAgeKnown() {
		return ageYears != null;
	}

}
