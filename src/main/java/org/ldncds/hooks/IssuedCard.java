package org.ldncds.hooks;

/**
 * A card as it was issued, with the rule that produced it: what feedback and the audit
 * trail refer back to.
 */
public record IssuedCard(String rule, Card card) {
}
