package org.ldncds.ldn;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How cards are repeated across hooks.
 *
 * @param infoAtOrderSign information cards at order-sign: ALWAYS, NEVER, or
 * UNLESS_SHOWN_AT_SELECT (the default: not when order-select just showed the same card
 * for the same patient)
 * @param shownAtSelectFor how long a card shown at order-select counts as shown
 */
@ConfigurationProperties("ldn.cards")
record CardsProperties(@DefaultValue("UNLESS_SHOWN_AT_SELECT") InformationCardsAtSigning.Policy infoAtOrderSign,
		@DefaultValue("12h") Duration shownAtSelectFor) {
}
