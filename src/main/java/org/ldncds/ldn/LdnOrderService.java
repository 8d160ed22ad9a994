package org.ldncds.ldn;

import java.util.List;

import org.ldncds.cards.Advice;
import org.ldncds.cards.IssuedCard;
import org.ldncds.cards.CardFactory;
import org.ldncds.cards.CdsResponse;
import org.ldncds.facts.ClinicalFacts;
import org.ldncds.facts.FactMapper;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.fhir.PrefetchUnavailableException;
import org.ldncds.fhir.ResolvedPrefetch;
import org.ldncds.hooks.CallTrace;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.ServiceDescriptor;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RuleOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LDN advice for medication orders: complete the prefetch, turn FHIR into facts, run the
 * rules, make cards. The same pipeline serves order-select (selected drafts) and
 * order-sign (all drafts).
 */
final class LdnOrderService implements CdsService {

	private static final Logger log = LoggerFactory.getLogger(LdnOrderService.class);

	private final ServiceDescriptor descriptor;

	private final ReviewScope scope;

	private final PrefetchResolver prefetch;

	private final FactMapper facts;

	private final RuleBase rules;

	private final CardFactory cards;

	LdnOrderService(ServiceDescriptor descriptor, ReviewScope scope, PrefetchResolver prefetch, FactMapper facts,
			RuleBase rules, CardFactory cards) {
		this.descriptor = descriptor;
		this.scope = scope;
		this.prefetch = prefetch;
		this.facts = facts;
		this.rules = rules;
		this.cards = cards;
	}

	@Override
	public ServiceDescriptor descriptor() {
		return descriptor;
	}

	@Override
	public CdsResponse call(HookRequest request, CallTrace trace) {
		ResolvedPrefetch data;
		try {
			data = prefetch.resolve(descriptor.prefetch(), request, trace.startedNanos());
		}
		catch (PrefetchUnavailableException ex) {
			// The keys that were there are audited with the missing ones.
			ex.obtained().forEach((key, origin) -> trace.prefetch(key, origin.label()));
			throw ex;
		}
		data.origins().forEach((key, origin) -> trace.prefetch(key, origin.label()));
		ClinicalFacts clinicalFacts = facts.map(request.context(), data.record(), scope);
		RuleOutcome<Advice> outcome = rules.evaluate(clinicalFacts.all(), Advice.class);
		List<IssuedCard> issued = cards.cardsFor(outcome.outputs(), request.context().draftOrders());
		trace.answered(cards.knowledgeVersion() + "+" + rules.fingerprint(), outcome.firedRules(), issued);
		CdsResponse response = new CdsResponse(issued.stream().map(IssuedCard::card).toList());
		// Identifiers of the call and of rules only: never patient data.
		log.info("{} hookInstance={} prefetch={} rules={} cards={}", descriptor.id(), request.hookInstance(),
				data.origins(), outcome.firedRules(), response.cards().size());
		return response;
	}

}
