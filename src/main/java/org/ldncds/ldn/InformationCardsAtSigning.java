package org.ldncds.ldn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.IssuedCard;

/**
 * Whether information cards are shown again at order-sign. A clinician who read an
 * information card while selecting an order gains nothing from it again a minute later
 * when signing; repeating it teaches them to skip cards (alert fatigue). Warning and
 * critical cards are always shown at both hooks.
 *
 * <p>
 * "Already shown" means: the same card (same summary) for the same patient at
 * order-select on this instance within the window. Behind a load balancer the sign call
 * may reach another instance, which then shows the card once more: noise, never a card
 * missed.
 */
final class InformationCardsAtSigning {

	/** What a site wants at order-sign. */
	enum Policy {

		/** Every card, as at order-select. */
		ALWAYS,

		/** No information cards at order-sign. */
		NEVER,

		/** Information cards only when order-select did not just show them. */
		UNLESS_SHOWN_AT_SELECT

	}

	private static final String ORDER_SELECT = "order-select";

	private static final String ORDER_SIGN = "order-sign";

	private final Policy policy;

	/** Keys of information cards shown at order-select: patient hash and summary. */
	private final Cache<String, Boolean> shownAtSelect;

	/**
	 * Every card at every hook, remembering nothing: for calls that are independent
	 * examples (the knowledge scenarios), not one clinician's order session.
	 */
	static InformationCardsAtSigning everyCardAtEveryHook() {
		return new InformationCardsAtSigning(Policy.ALWAYS, Duration.ofMinutes(1), 1);
	}

	InformationCardsAtSigning(Policy policy, Duration window, long maxRemembered) {
		this.policy = policy;
		this.shownAtSelect = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxRemembered).build();
	}

	/**
	 * The cards to answer with: at order-select all of them (remembering the information
	 * cards), at order-sign as the policy says, at other hooks all.
	 */
	List<IssuedCard> apply(String hook, String patientId, List<IssuedCard> cards) {
		if (ORDER_SELECT.equals(hook) && policy == Policy.UNLESS_SHOWN_AT_SELECT) {
			cards.stream().filter(InformationCardsAtSigning::isInformation).forEach((card) -> {
				shownAtSelect.put(key(patientId, card), Boolean.TRUE);
			});
			return cards;
		}
		if (!ORDER_SIGN.equals(hook) || policy == Policy.ALWAYS) {
			return cards;
		}
		return cards.stream().filter((card) -> !isInformation(card) || !alreadyShown(patientId, card)).toList();
	}

	private boolean alreadyShown(String patientId, IssuedCard card) {
		return policy == Policy.NEVER || shownAtSelect.getIfPresent(key(patientId, card)) != null;
	}

	private static boolean isInformation(IssuedCard card) {
		return card.card().indicator() == Indicator.INFO;
	}

	/** The patient id hashed: this memory holds no patient identifier. */
	private static String key(String patientId, IssuedCard card) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			String patient = HexFormat.of()
				.formatHex(sha256.digest(String.valueOf(patientId).getBytes(StandardCharsets.UTF_8)));
			return patient + "\n" + card.card().summary();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
