package org.ldncds.rules;

/**
 * One DRL file, with the name it is reported under when it does not compile.
 *
 * @param name the path relative to the rules folder, e.g. {@code opioids.drl}
 * @param text the DRL text
 */
public record RuleSource(String name, String text) {
}
