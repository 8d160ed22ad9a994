package org.ldncds.ldn;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
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
	LiveKnowledge liveKnowledge(LdnPipeline initial, PrefetchResolver prefetch, KnowledgeProperties knowledge,
			RulesProperties rules, FhirContext fhirContext, Clock clock,
			ObjectProvider<TerminologyServer> terminologyServer, InformationCardsAtSigning infoAtSigning,
			PipelineWarmUp warmUp, MeterRegistry meters) {
		KnowledgeFolder profiles = new KnowledgeFolder(knowledge.profilesLocation());
		KnowledgeFolder drl = new KnowledgeFolder(rules.location());
		return new LiveKnowledge(initial, () -> {
			KnowledgeBase reloaded = KnowledgeBase.load(profiles, fhirContext);
			RuleBase compiled = RuleBase.load(drl);
			// The same check as at startup: rules, card templates and FHIR knowledge.
			CardTemplates templates = KnowledgeCheck.check(drl, reloaded);
			return LdnPipeline.of(prefetch, reloaded, compiled, templates, fhirContext, clock,
					Optional.ofNullable(terminologyServer.getIfAvailable()), infoAtSigning);
		}, warmUp::check, List.of(profiles, drl), meters, clock);
	}

	@Bean
	KnowledgeWatcher knowledgeWatcher(LiveKnowledge live, KnowledgeProperties knowledge, RulesProperties rules) {
		boolean onDisk = knowledge.profilesLocation().startsWith("file:") || rules.location().startsWith("file:");
		return new KnowledgeWatcher(live, onDisk ? knowledge.reloadCheck() : Duration.ZERO);
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
