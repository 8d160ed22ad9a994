package org.ldncds.ldn;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
import org.ldncds.knowledge.Terminology;
import org.ldncds.knowledge.TerminologyServer;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RuleOutcome;

/**
 * Prefetch, facts, rules and cards: the one pipeline behind every LDN service, and the
 * services built on it. The Spring configuration and the test harness that runs the
 * knowledge without Spring both build it here, so that tests run what the service runs.
 *
 * @param prefetch completes a call's prefetch
 * @param knowledge the FHIR knowledge the facts and cards are made with
 * @param facts turns FHIR into facts
 * @param rules the compiled rules
 * @param cards turns advice into cards
 * @param infoAtSigning whether information cards are repeated at order-sign
 */
public record LdnPipeline(PrefetchResolver prefetch, KnowledgeBase knowledge, FactMapper facts, RuleBase rules,
		CardFactory cards, InformationCardsAtSigning infoAtSigning) {

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
		return new LdnPipeline(prefetch, knowledge, new FactMapper(knowledge, clock, terminologyServer), rules,
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
	 * The service's id and hook are a public contract: EHRs are configured with them. The
	 * prefetch templates are made from the knowledge loaded at startup.
	 */
	static CdsService orderSelect(Supplier<LdnPipeline> pipelines) {
		return new LdnService(new ServiceDescriptor("order-select", "ldn-order-select",
				"Low-dose naltrexone order check",
				"Checks the selected naltrexone or opioid order against the patient's current medications, "
						+ "conditions and other draft orders: opioid interactions (recent opioid use too), dose, "
						+ "pregnancy and breastfeeding, and LDN suitability.",
				orderPrefetch(pipelines.get().knowledge()), ORDER_USAGE), optionalKeys(), ReviewScope.SELECTIONS,
				pipelines);
	}

	static CdsService orderSign(Supplier<LdnPipeline> pipelines) {
		return new LdnService(new ServiceDescriptor("order-sign", "ldn-order-sign",
				"Low-dose naltrexone check at signing",
				"Checks every draft order being signed against the patient's current medications and conditions: "
						+ "naltrexone and opioid interactions (recent opioid use too), dose, pregnancy and "
						+ "breastfeeding, and LDN suitability.",
				orderPrefetch(pipelines.get().knowledge()), ORDER_USAGE), optionalKeys(), ReviewScope.ALL_DRAFTS,
				pipelines);
	}

	/**
	 * Opening a chart happens far more often than ordering, and no chart rule reads the
	 * history: the chart service asks for the three current keys only.
	 */
	static CdsService patientView(Supplier<LdnPipeline> pipelines) {
		return new LdnService(
				new ServiceDescriptor("patient-view", "ldn-patient-view", "Low-dose naltrexone chart check",
						"When the chart of a patient on naltrexone is opened: flags a current opioid, and reminds to "
								+ "assess the response to LDN after 8 weeks. Silent for patients not on naltrexone.",
						PREFETCH, USAGE),
				Set.of(), ReviewScope.CHART, pipelines);
	}

	/** The order services' templates: the current keys, the history keys. */
	static Map<String, String> orderPrefetch(KnowledgeBase knowledge) {
		Map<String, String> templates = new TreeMap<>(PREFETCH);
		templates.putAll(HISTORY_PREFETCH);
		templates.put(OBSERVATIONS_KEY, observationsTemplate(knowledge));
		return templates;
	}

	/**
	 * The order services' prefetch keys whose absence never refuses a call (the history
	 * and observations keys).
	 */
	public static Set<String> optionalKeys() {
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
