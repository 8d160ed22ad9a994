package org.ldncds.ldn;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.CdsResponse;
import org.ldncds.facts.ClinicalFacts;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.ResolvedPrefetch;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.ServiceDescriptor;
import org.ldncds.hooks.ServiceOutcome;
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

	private final ReviewScope scope;

	/** The pipeline on the current knowledge: reloading knowledge swaps it. */
	private final Supplier<LdnPipeline> pipelines;

	/**
	 * The prefetch keys the service can do without: they add evidence, but their absence
	 * never refuses a call.
	 */
	private final Set<String> optionalPrefetch;

	LdnService(ServiceDescriptor descriptor, Set<String> optionalPrefetch, ReviewScope scope,
			Supplier<LdnPipeline> pipelines) {
		this.descriptor = descriptor;
		this.optionalPrefetch = Set.copyOf(optionalPrefetch);
		this.scope = scope;
		this.pipelines = pipelines;
	}

	@Override
	public ServiceDescriptor descriptor() {
		return descriptor;
	}

	@Override
	public ServiceOutcome call(HookRequest request) {
		// One pipeline for the whole call, even if knowledge is swapped meanwhile.
		LdnPipeline pipeline = pipelines.get();
		ResolvedPrefetch data = pipeline.prefetch()
			.resolve(descriptor.prefetch(), optionalPrefetch, request, System.nanoTime());
		if (!data.complete()) {
			return new ServiceOutcome.Refused(data.refusal(), data.originLabels());
		}
		ClinicalFacts clinicalFacts = pipeline.facts().map(request.context(), data.record(), scope);
		LdnPipeline.Advised advised = pipeline.advise(clinicalFacts, request.context().draftOrders());
		List<String> firedRules = advised.outcome().firedRules();
		boolean warmUp = PipelineWarmUp.HOOK_INSTANCE.equals(request.hookInstance());
		// The warm-up's example calls are nobody's: they neither count as shown nor
		// hide a card from a real patient.
		List<IssuedCard> issued = warmUp ? advised.cards()
				: pipeline.infoAtSigning().apply(request.hook(), request.context().patientId(), advised.cards());
		CdsResponse response = new CdsResponse(issued.stream().map(IssuedCard::card).toList());
		// Identifiers of the call and of rules only: never patient data. The warm-up's
		// example calls are nobody's: not logged.
		if (!warmUp) {
			log.info("{} hookInstance={} prefetch={} rules={} cards={}", descriptor.id(), request.hookInstance(),
					data.origins(), firedRules, response.cards().size());
		}
		return new ServiceOutcome.Answered(response, data.originLabels(), pipeline.version(), firedRules, issued);
	}

	/** The prefetch keys whose absence never refuses a call. */
	Set<String> optionalPrefetch() {
		return optionalPrefetch;
	}

	/** What the service reviews: the selected drafts, all drafts, or the chart. */
	ReviewScope scope() {
		return scope;
	}

}
