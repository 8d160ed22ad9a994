package org.ldncds.hooks;

/** Where a card's advice comes from: a label and a page that tells more. */
public record Source(String label, String url) {
}
