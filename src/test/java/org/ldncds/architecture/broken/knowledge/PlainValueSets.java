package org.ldncds.architecture.broken.knowledge;

import java.util.Set;

/** Keeps the rule: plain Java. */
public record PlainValueSets(Set<String> codes) {
}
