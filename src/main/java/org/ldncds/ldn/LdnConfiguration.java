package org.ldncds.ldn;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.ldncds.cards.CardFactory;
import org.ldncds.facts.FactMapper;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.ServiceDescriptor;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.TerminologyServer;
import org.ldncds.rules.RuleBase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The LDN services this instance publishes. Their ids and hooks are a public contract:
 * EHRs are configured with them.
 */
@Configuration(proxyBeanMethods = false)
class LdnConfiguration {

	/**
	 * What every LDN order service needs: the patient, current orders, current problems.
	 */
	static final Map<String, String> PREFETCH = Map.of("patient", "Patient/{{context.patientId}}", "medications",
			"MedicationRequest?patient={{context.patientId}}&status=active,on-hold&_include=MedicationRequest:medication",
			"conditions", "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse");

	private static final String USAGE = "FHIR R4 only. Works from prefetch; prefetch keys not sent are fetched from "
			+ "fhirServer (answers 412 when they cannot be).";

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

	@Bean
	FactMapper factMapper(KnowledgeBase knowledge, Clock clock, ObjectProvider<TerminologyServer> terminologyServer) {
		return new FactMapper(knowledge, clock, Optional.ofNullable(terminologyServer.getIfAvailable()));
	}

	@Bean
	CardFactory cardFactory(KnowledgeBase knowledge, CardTemplates templates, FhirContext fhirContext) {
		return new CardFactory(knowledge, templates, fhirContext);
	}

	/** The collaborators every LDN service shares. */
	@Bean
	LdnPipeline ldnPipeline(PrefetchResolver prefetch, FactMapper facts, RuleBase rules, CardFactory cards) {
		return new LdnPipeline(prefetch, facts, rules, cards);
	}

	@Bean
	CdsService ldnOrderSelect(LdnPipeline pipeline) {
		return pipeline.service(ReviewScope.SELECTIONS,
				new ServiceDescriptor("order-select", "ldn-order-select", "Low-dose naltrexone order check",
						"Checks the selected naltrexone or opioid order against the patient's current medications, "
								+ "conditions and other draft orders: opioid interactions, dose, and LDN suitability.",
						PREFETCH, USAGE));
	}

	@Bean
	CdsService ldnOrderSign(LdnPipeline pipeline) {
		return pipeline.service(ReviewScope.ALL_DRAFTS, new ServiceDescriptor("order-sign", "ldn-order-sign",
				"Low-dose naltrexone check at signing",
				"Checks every draft order being signed against the patient's current medications and conditions: "
						+ "naltrexone and opioid interactions, dose, and LDN suitability.",
				PREFETCH, USAGE));
	}

	@Bean
	CdsService ldnPatientView(LdnPipeline pipeline) {
		return pipeline.service(ReviewScope.CHART,
				new ServiceDescriptor("patient-view", "ldn-patient-view", "Low-dose naltrexone chart check",
						"When the chart of a patient on naltrexone is opened: flags a current opioid, and reminds to "
								+ "assess the response to LDN after 8 weeks. Silent for patients not on naltrexone.",
						PREFETCH, USAGE));
	}

	/** Prefetch, facts, rules and cards: the same pipeline behind every LDN service. */
	record LdnPipeline(PrefetchResolver prefetch, FactMapper facts, RuleBase rules, CardFactory cards) {

		CdsService service(ReviewScope scope, ServiceDescriptor descriptor) {
			return new LdnService(descriptor, scope, prefetch, facts, rules, cards);
		}

	}

}
