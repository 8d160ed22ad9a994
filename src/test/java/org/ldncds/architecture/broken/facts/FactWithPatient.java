package org.ldncds.architecture.broken.facts;

import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.Patient;

/** Breaks the rule: a FHIR resource inside a fact, and JSON handed out by one. */
public record FactWithPatient(Patient patient) {

	public JsonNode asJson() {
		return null;
	}

}
