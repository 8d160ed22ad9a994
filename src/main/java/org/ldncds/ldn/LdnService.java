package org.ldncds.ldn;

import java.util.List;
import java.util.Set;

import org.ldncds.facts.Advice;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.cards.CardFactory;
import org.ldncds.hooks.CdsResponse;
import org.ldncds.facts.ClinicalFacts;
import org.ldncds.facts.FactMapper;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.fhir.ResolvedPrefetch;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.ServiceDescriptor;
import org.ldncds.hooks.ServiceOutcome;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RuleOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LDN advice, one pipeline for every hook: complete the prefetch, turn FHIR into facts,
 * run the rules, make cards. The review scope says what a hook looks at: order-select the
 * selected drafts, order-sign all drafts, patient-view the current medications.
 */
final class LdnService implements CdsService {

	private static final Logger log = LoggerFactory.getLogger(LdnService.class);

	private final ServiceDescriptor descriptor;

	private final Set<String> optionalPrefetch;

	private final ReviewScope scope;

	private final PrefetchResolver prefetch;

	private final FactMapper facts;

	private final RuleBase rules;

	private final CardFactory cards;

	/**
	 * @param optionalPrefetch the prefetch keys the service can do without: they add
	 * evidence, but their absence never refuses a call
	 */
	LdnService(ServiceDescriptor descriptor, Set<String> optionalPrefetch, ReviewScope scope, PrefetchResolver prefetch,
			FactMapper facts, RuleBase rules, CardFactory cards) {
		this.descriptor = descriptor;
		this.optionalPrefetch = Set.copyOf(optionalPrefetch);
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
	public ServiceOutcome call(HookRequest request) {
		ResolvedPrefetch data = prefetch.resolve(descriptor.prefetch(), optionalPrefetch, request, System.nanoTime());
		if (!data.complete()) {
			return new ServiceOutcome.Refused(data.refusal(), data.originLabels());
		}
		ClinicalFacts clinicalFacts = facts.map(request.context(), data.record(), scope);
		RuleOutcome<Advice> outcome = rules.evaluate(clinicalFacts.all(), Advice.class);
		List<IssuedCard> issued = cards.cardsFor(outcome.outputs(), request.context().draftOrders());
		CdsResponse response = new CdsResponse(issued.stream().map(IssuedCard::card).toList());
		// Identifiers of the call and of rules only: never patient data.
		log.info("{} hookInstance={} prefetch={} rules={} cards={}", descriptor.id(), request.hookInstance(),
				data.origins(), outcome.firedRules(), response.cards().size());
		return new ServiceOutcome.Answered(response, data.originLabels(),
				cards.knowledgeVersion() + "+" + rules.fingerprint(), outcome.firedRules(), issued);
	}

}
