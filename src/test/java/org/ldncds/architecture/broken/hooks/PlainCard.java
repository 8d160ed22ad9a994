package org.ldncds.architecture.broken.hooks;

/** A wire type as the protocol wants it: nothing clinical in it. */
public record PlainCard(String summary) {
}
