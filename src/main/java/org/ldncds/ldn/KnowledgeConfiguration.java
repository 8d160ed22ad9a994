package org.ldncds.ldn;

import ca.uhn.fhir.context.FhirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.knowledge.TerminologyServer;

/** Loads the knowledge base once, at startup. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ KnowledgeProperties.class, TerminologyServerProperties.class })
class KnowledgeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KnowledgeConfiguration.class);

	@Bean
	KnowledgeBase knowledgeBase(KnowledgeProperties properties, FhirContext fhirContext) {
		KnowledgeBase knowledge = KnowledgeBase.load(new KnowledgeFolder(properties.profilesLocation()), fhirContext);
		log.info("Knowledge base {} loaded from {}: {} value sets", knowledge.version(), properties.profilesLocation(),
				knowledge.terminology().valueSetIds().size());
		return knowledge;
	}

	/** Only when a terminology server URL is configured. */
	@Bean
	@ConditionalOnProperty("ldn.terminology-server.url")
	TerminologyServer terminologyServer(TerminologyServerProperties properties, FhirContext fhirContext) {
		log.info("Condition codes not in the knowledge base are checked with the terminology server {}",
				properties.url());
		return new TerminologyServer(properties.url(), properties.timeout(), properties.cacheSize(),
				properties.cacheTtl(), fhirContext);
	}

}
