package org.ldncds.ldn;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.ldncds.cards.CardFactory;
import org.ldncds.facts.Advice;
import org.ldncds.facts.ClinicalFacts;
import org.ldncds.facts.FactMapper;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.ServiceDescriptor;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.TerminologyServer;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RuleOutcome;

/**
 * Prefetch, facts, rules and cards: the one pipeline behind every LDN service, and the
 * services built on it. The Spring configuration and the test harness that runs the
 * knowledge without Spring both build it here, so that tests run what the service runs.
 *
 * @param prefetch completes a call's prefetch
 * @param facts turns FHIR into facts
 * @param rules the compiled rules
 * @param cards turns advice into cards
 * @param infoAtSigning whether information cards are repeated at order-sign
 */
public record LdnPipeline(PrefetchResolver prefetch, FactMapper facts, RuleBase rules, CardFactory cards,
		InformationCardsAtSigning infoAtSigning) {

	/**
	 * What every LDN service needs: the patient, current orders, current problems.
	 */
	static final Map<String, String> PREFETCH = Map.of("patient", "Patient/{{context.patientId}}", "medications",
			"MedicationRequest?patient={{context.patientId}}&status=active,on-hold&_include=MedicationRequest:medication",
			"conditions", "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse");

	private static final String USAGE = "FHIR R4 only. Works from prefetch; prefetch keys not sent are fetched from "
			+ "fhirServer (answers 412 when they cannot be).";

	/**
	 * The pipeline on loaded knowledge and rules.
	 * @param terminologyServer asked about condition codes the knowledge base does not
	 * hold, when one is configured
	 * @param templates the card templates, checked with the rules and the knowledge
	 * @param infoAtSigning whether information cards are repeated at order-sign
	 */
	static LdnPipeline of(PrefetchResolver prefetch, KnowledgeBase knowledge, RuleBase rules, CardTemplates templates,
			FhirContext fhirContext, Clock clock, Optional<TerminologyServer> terminologyServer,
			InformationCardsAtSigning infoAtSigning) {
		return new LdnPipeline(prefetch, new FactMapper(knowledge, clock, terminologyServer), rules,
				new CardFactory(knowledge, templates, fhirContext), infoAtSigning);
	}

	/**
	 * The rules' advice on the facts, and the cards made of it. Suggestions act on the
	 * draft orders given; a suggestion for an order not among them is left out.
	 */
	Advised advise(ClinicalFacts clinicalFacts, Bundle draftOrders) {
		RuleOutcome<Advice> outcome = rules.evaluate(clinicalFacts.all(), Advice.class);
		return new Advised(outcome, cards.cardsFor(outcome.outputs(), draftOrders));
	}

	/**
	 * The knowledge and rules this pipeline answers with: the knowledge base version and
	 * the rule fingerprint.
	 */
	String version() {
		return cards.knowledgeVersion() + "+" + rules.fingerprint();
	}

	/** Every LDN service, on this pipeline. */
	List<CdsService> services() {
		return services(() -> this);
	}

	/** Every LDN service, each call on the pipeline current at that moment. */
	static List<CdsService> services(Supplier<LdnPipeline> pipelines) {
		return List.of(orderSelect(pipelines), orderSign(pipelines), patientView(pipelines));
	}

	/**
	 * The service's id and hook are a public contract: EHRs are configured with them.
	 */
	static CdsService orderSelect(Supplier<LdnPipeline> pipelines) {
		return new LdnService(
				new ServiceDescriptor("order-select", "ldn-order-select", "Low-dose naltrexone order check",
						"Checks the selected naltrexone or opioid order against the patient's current medications, "
								+ "conditions and other draft orders: opioid interactions, dose, and LDN suitability.",
						PREFETCH, USAGE),
				ReviewScope.SELECTIONS, pipelines);
	}

	static CdsService orderSign(Supplier<LdnPipeline> pipelines) {
		return new LdnService(new ServiceDescriptor("order-sign", "ldn-order-sign",
				"Low-dose naltrexone check at signing",
				"Checks every draft order being signed against the patient's current medications and conditions: "
						+ "naltrexone and opioid interactions, dose, and LDN suitability.",
				PREFETCH, USAGE), ReviewScope.ALL_DRAFTS, pipelines);
	}

	static CdsService patientView(Supplier<LdnPipeline> pipelines) {
		return new LdnService(
				new ServiceDescriptor("patient-view", "ldn-patient-view", "Low-dose naltrexone chart check",
						"When the chart of a patient on naltrexone is opened: flags a current opioid, and reminds to "
								+ "assess the response to LDN after 8 weeks. Silent for patients not on naltrexone.",
						PREFETCH, USAGE),
				ReviewScope.CHART, pipelines);
	}

	/**
	 * What the rules concluded and the cards made of it.
	 *
	 * @param outcome the advice, with the rule behind each, and every rule that fired
	 * @param cards the cards issued, most urgent first
	 */
	record Advised(RuleOutcome<Advice> outcome, List<IssuedCard> cards) {

		Advised {
			cards = List.copyOf(cards);
		}

	}

}
