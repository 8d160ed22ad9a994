package org.ldncds.hooks;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A change a suggestion makes in the EHR.
 *
 * @param type create, update or delete
 * @param description what the action does, in words
 * @param resource the whole FHIR resource as JSON, for create and update
 * @param resourceId the relative reference of the resource to delete
 */
public record Action(String type, String description, @JsonRawValue String resource, String resourceId) {

	public static Action delete(String resourceId, String description) {
		return new Action("delete", description, null, resourceId);
	}

	public static Action update(String resourceJson, String description) {
		return new Action("update", description, resourceJson, null);
	}

}
