package org.ldncds.ldn;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import org.ldncds.cards.CardFactory;
import org.ldncds.facts.FactMapper;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.ServiceDescriptor;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.Terminology;
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
	 * What every LDN service needs: the patient, current orders, current problems.
	 */
	static final Map<String, String> PREFETCH = Map.of("patient", "Patient/{{context.patientId}}", "medications",
			"MedicationRequest?patient={{context.patientId}}&status=active,on-hold&_include=MedicationRequest:medication",
			"conditions", "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse");

	/**
	 * What the order services read besides, when they can have it: recent opioid exposure
	 * (ended orders, statements, dispenses), pregnancy and lactation recorded outside the
	 * problem list (encounter diagnoses); the {@code observations} key is made from the
	 * knowledge base ({@link #observationsTemplate}). None is a reason to refuse a call:
	 * CDS Hooks 2.0 has no relative-date token, so these searches carry no date filter,
	 * and the rules judge the dates.
	 */
	static final Map<String, String> HISTORY_PREFETCH = Map.of("medicationHistory",
			"MedicationRequest?patient={{context.patientId}}&status=completed,stopped&_include=MedicationRequest:medication",
			"medicationStatements",
			"MedicationStatement?patient={{context.patientId}}&status=active,intended,completed,stopped"
					+ "&_include=MedicationStatement:medication",
			"medicationDispenses",
			"MedicationDispense?patient={{context.patientId}}&status=completed,in-progress"
					+ "&_include=MedicationDispense:medication",
			"encounterDiagnoses", "Condition?patient={{context.patientId}}&category=encounter-diagnosis");

	/** The key of the Observations search made from the knowledge base. */
	static final String OBSERVATIONS_KEY = "observations";

	/**
	 * The value set whose codes the {@code observations} key searches for: every
	 * observation code a rule looks at.
	 */
	static final String OBSERVATIONS_READ = "observations-read";

	private static final String USAGE = "FHIR R4 only. Works from prefetch; prefetch keys not sent are fetched from "
			+ "fhirServer (answers 412 when they cannot be).";

	private static final String ORDER_USAGE = USAGE + " The keys medicationHistory, medicationStatements, "
			+ "medicationDispenses, observations and encounterDiagnoses are optional: when neither sent nor "
			+ "fetchable the call is answered without them, and the checks of recent opioid use, urine screens and "
			+ "recorded pregnancy or breastfeeding see only the other keys.";

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
	CdsService ldnOrderSelect(LdnPipeline pipeline, KnowledgeBase knowledge) {
		return pipeline.service(ReviewScope.SELECTIONS,
				new ServiceDescriptor("order-select", "ldn-order-select", "Low-dose naltrexone order check",
						"Checks the selected naltrexone or opioid order against the patient's current medications, "
								+ "conditions and other draft orders: opioid interactions (recent opioid use too), "
								+ "dose, pregnancy and breastfeeding, and LDN suitability.",
						orderPrefetch(knowledge), ORDER_USAGE),
				optionalKeys());
	}

	@Bean
	CdsService ldnOrderSign(LdnPipeline pipeline, KnowledgeBase knowledge) {
		return pipeline.service(ReviewScope.ALL_DRAFTS, new ServiceDescriptor("order-sign", "ldn-order-sign",
				"Low-dose naltrexone check at signing",
				"Checks every draft order being signed against the patient's current medications and conditions: "
						+ "naltrexone and opioid interactions (recent opioid use too), dose, pregnancy and "
						+ "breastfeeding, and LDN suitability.",
				orderPrefetch(knowledge), ORDER_USAGE), optionalKeys());
	}

	/**
	 * Opening a chart happens far more often than ordering, and no chart rule reads the
	 * history: the chart service asks for the three current keys only.
	 */
	@Bean
	CdsService ldnPatientView(LdnPipeline pipeline) {
		return pipeline.service(ReviewScope.CHART,
				new ServiceDescriptor("patient-view", "ldn-patient-view", "Low-dose naltrexone chart check",
						"When the chart of a patient on naltrexone is opened: flags a current opioid, and reminds to "
								+ "assess the response to LDN after 8 weeks. Silent for patients not on naltrexone.",
						PREFETCH, USAGE),
				Set.of());
	}

	/** The order services' templates: the current keys, the history keys. */
	static Map<String, String> orderPrefetch(KnowledgeBase knowledge) {
		Map<String, String> templates = new TreeMap<>(PREFETCH);
		templates.putAll(HISTORY_PREFETCH);
		templates.put(OBSERVATIONS_KEY, observationsTemplate(knowledge));
		return templates;
	}

	static Set<String> optionalKeys() {
		Set<String> optional = new TreeSet<>(HISTORY_PREFETCH.keySet());
		optional.add(OBSERVATIONS_KEY);
		return optional;
	}

	/**
	 * The Observations of exactly the codes the rules look at, {@code system|code}
	 * separated by commas: a search every FHIR server answers, however many other results
	 * the patient has.
	 * @throws IllegalStateException when the knowledge base lists no such code
	 */
	static String observationsTemplate(KnowledgeBase knowledge) {
		List<Terminology.SystemCode> codes = knowledge.terminology().listedCodesOf(OBSERVATIONS_READ);
		if (codes.isEmpty()) {
			throw new IllegalStateException("ValueSet/" + OBSERVATIONS_READ + " lists no observation codes");
		}
		return "Observation?patient={{context.patientId}}&code="
				+ codes.stream().map((code) -> code.system() + "|" + code.code()).collect(Collectors.joining(","));
	}

	/** Prefetch, facts, rules and cards: the same pipeline behind every LDN service. */
	record LdnPipeline(PrefetchResolver prefetch, FactMapper facts, RuleBase rules, CardFactory cards) {

		CdsService service(ReviewScope scope, ServiceDescriptor descriptor, Set<String> optionalPrefetch) {
			return new LdnService(descriptor, optionalPrefetch, scope, prefetch, facts, rules, cards);
		}

	}

}
