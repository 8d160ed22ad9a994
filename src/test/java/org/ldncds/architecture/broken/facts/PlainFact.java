package org.ldncds.architecture.broken.facts;

/** A fact as the rules want it: plain values only. */
public record PlainFact(String code, double doseMg) {
}
