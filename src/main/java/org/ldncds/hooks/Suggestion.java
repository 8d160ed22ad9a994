package org.ldncds.hooks;

import java.util.List;

/** A set of actions the clinician can accept with one click. */
public record Suggestion(String uuid, String label, Boolean isRecommended, List<Action> actions) {
}
