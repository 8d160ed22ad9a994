package org.ldncds.ldn;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ldncds.hooks.HookRequestParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.hooks.CdsService;
import io.micrometer.core.instrument.MeterRegistry;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.knowledge.TerminologyServer;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RulesProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The LDN services this instance publishes, built by {@link LdnPipeline} (as the test
 * harness builds them).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CardsProperties.class)
class LdnConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LdnConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

	@Bean
	InformationCardsAtSigning informationCardsAtSigning(CardsProperties properties) {
		return new InformationCardsAtSigning(properties.infoAtOrderSign(), properties.shownAtSelectFor(), 100_000);
	}

	/** The collaborators every LDN service shares. */
	@Bean
	LdnPipeline ldnPipeline(PrefetchResolver prefetch, KnowledgeBase knowledge, RuleBase rules, CardTemplates templates,
			FhirContext fhirContext, Clock clock, ObjectProvider<TerminologyServer> terminologyServer,
			InformationCardsAtSigning infoAtSigning) {
		return LdnPipeline.of(prefetch, knowledge, rules, templates, fhirContext, clock,
				Optional.ofNullable(terminologyServer.getIfAvailable()), infoAtSigning);
	}

	/**
	 * The pipeline the services answer with: the one above, until the knowledge is
	 * reloaded.
	 */
	@Bean
	KnowledgeScenarios knowledgeScenarios(KnowledgeProperties knowledge, HookRequestParser parser,
			ObjectMapper objectMapper) {
		return new KnowledgeScenarios(new KnowledgeFolder(knowledge.scenariosLocation()), parser, objectMapper);
	}

	/**
	 * Knowledge read from disk is checked against its scenarios at startup too, as a
	 * reload would check it: an instance started on a change the running ones refused
	 * does not start.
	 */
	@Bean
	LiveKnowledge liveKnowledge(LdnPipeline initial, PrefetchResolver prefetch, KnowledgeProperties knowledge,
			RulesProperties rules, FhirContext fhirContext, Clock clock,
			ObjectProvider<TerminologyServer> terminologyServer, InformationCardsAtSigning infoAtSigning,
			PipelineWarmUp warmUp, KnowledgeScenarios scenarios, MeterRegistry meters) {
		KnowledgeFolder profiles = new KnowledgeFolder(knowledge.profilesLocation());
		KnowledgeFolder drl = new KnowledgeFolder(rules.location());
		if (onDisk(knowledge, rules)) {
			checkScenariosAtStartup(initial, scenarios);
		}
		return new LiveKnowledge(initial, () -> {
			KnowledgeBase reloaded = KnowledgeBase.load(profiles, fhirContext);
			RuleBase compiled = RuleBase.load(drl);
			// The same check as at startup: rules, card templates and FHIR knowledge.
			CardTemplates templates = KnowledgeCheck.check(drl, reloaded);
			return LdnPipeline.of(prefetch, reloaded, compiled, templates, fhirContext, clock,
					Optional.ofNullable(terminologyServer.getIfAvailable()), infoAtSigning);
		}, (candidate) -> scenarios.check(candidate).or(() -> warmUp.check(candidate)),
				List.of(profiles, drl, scenarios.folder()), meters, clock);
	}

	private static void checkScenariosAtStartup(LdnPipeline initial, KnowledgeScenarios scenarios) {
		long started = System.nanoTime();
		scenarios.check(initial).ifPresent((problem) -> {
			throw new IllegalStateException("The knowledge does not pass its scenarios: " + problem);
		});
		log.info("Knowledge {} passes its scenarios ({}) in {} ms", initial.version(), scenarios.folder().location(),
				(System.nanoTime() - started) / 1_000_000);
	}

	@Bean
	KnowledgeWatcher knowledgeWatcher(LiveKnowledge live, KnowledgeProperties knowledge, RulesProperties rules) {
		return new KnowledgeWatcher(live, onDisk(knowledge, rules) ? knowledge.reloadCheck() : Duration.ZERO);
	}

	/**
	 * Whether any knowledge is read from a folder that may change; the packaged copy
	 * passed its scenarios when it was built.
	 */
	private static boolean onDisk(KnowledgeProperties knowledge, RulesProperties rules) {
		return knowledge.profilesLocation().startsWith("file:") || rules.location().startsWith("file:")
				|| knowledge.scenariosLocation().startsWith("file:");
	}

	@Bean
	KnowledgeEndpoint knowledgeEndpoint(LiveKnowledge live) {
		return new KnowledgeEndpoint(live);
	}

	@Bean
	CdsService ldnOrderSelect(LiveKnowledge live) {
		return LdnPipeline.orderSelect(live);
	}

	@Bean
	CdsService ldnOrderSign(LiveKnowledge live) {
		return LdnPipeline.orderSign(live);
	}

	@Bean
	CdsService ldnPatientView(LiveKnowledge live) {
		return LdnPipeline.patientView(live);
	}

}
