package org.ldncds.ldn;

import java.time.Clock;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.hooks.CdsService;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.TerminologyServer;
import org.ldncds.rules.RuleBase;

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
	LdnPipeline ldnPipeline(PrefetchResolver prefetch, KnowledgeBase knowledge, RuleBase rules, FhirContext fhirContext,
			Clock clock, ObjectProvider<TerminologyServer> terminologyServer, InformationCardsAtSigning infoAtSigning) {
		return LdnPipeline.of(prefetch, knowledge, rules, fhirContext, clock,
				Optional.ofNullable(terminologyServer.getIfAvailable()), infoAtSigning);
	}

	@Bean
	CdsService ldnOrderSelect(LdnPipeline pipeline) {
		return pipeline.orderSelect();
	}

	@Bean
	CdsService ldnOrderSign(LdnPipeline pipeline) {
		return pipeline.orderSign();
	}

	@Bean
	CdsService ldnPatientView(LdnPipeline pipeline) {
		return pipeline.patientView();
	}

}
