package org.ldncds.hooks;

/** A link shown on a card; {@code type} is {@code absolute} or {@code smart}. */
public record Link(String label, String url, String type) {
}
