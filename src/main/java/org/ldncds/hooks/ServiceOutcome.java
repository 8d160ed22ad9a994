package org.ldncds.hooks;

import java.util.List;
import java.util.Map;

/**
 * What a service did with one call. A service returns this instead of writing into a
 * shared trace: the controller tells the caller the answer or the refusal, and hands the
 * whole outcome to whoever records calls.
 */
public sealed interface ServiceOutcome {

	/**
	 * Where each prefetch key's data came from, as the audit trail names it: supplied,
	 * supplied-empty, supplied-partial, fetched, skipped, unavailable (an optional key
	 * the call did without) or missing.
	 */
	Map<String, String> prefetch();

	/**
	 * The call was answered with cards.
	 *
	 * @param response what the EHR is sent
	 * @param prefetch where each prefetch key's data came from
	 * @param knowledgeVersion the knowledge and rule versions that answered
	 * @param firedRules the rules that fired
	 * @param cards the cards issued, with the rule behind each
	 */
	record Answered(CdsResponse response, Map<String, String> prefetch, String knowledgeVersion,
			List<String> firedRules, List<IssuedCard> cards) implements ServiceOutcome {

		public Answered {
			prefetch = Map.copyOf(prefetch);
			firedRules = List.copyOf(firedRules);
			cards = List.copyOf(cards);
		}

	}

	/**
	 * The call cannot be answered with cards (412 for data that could not be had).
	 *
	 * @param refusal what the caller is told
	 * @param prefetch where each prefetch key's data came from, missing ones included
	 */
	record Refused(CdsHooksException refusal, Map<String, String> prefetch) implements ServiceOutcome {

		public Refused {
			prefetch = Map.copyOf(prefetch);
		}

	}

}
