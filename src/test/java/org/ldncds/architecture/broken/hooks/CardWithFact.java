package org.ldncds.architecture.broken.hooks;

import org.ldncds.architecture.broken.facts.PlainFact;

/** Breaks the rule: a wire type that names a clinical fact. */
public record CardWithFact(String summary, PlainFact about) {
}
