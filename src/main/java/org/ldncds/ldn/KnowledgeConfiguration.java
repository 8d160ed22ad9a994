package org.ldncds.ldn;

import ca.uhn.fhir.context.FhirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.knowledge.TerminologyServer;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RulesProperties;

/**
 * Loads the knowledge base and compiles the rules once, at startup, side by side, and
 * checks them as a whole.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ KnowledgeProperties.class, RulesProperties.class, TerminologyServerProperties.class })
class KnowledgeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KnowledgeConfiguration.class);

	@Bean
	KnowledgeLoading knowledgeLoading(KnowledgeProperties knowledge, RulesProperties rules, FhirContext fhirContext) {
		return KnowledgeLoading.start(new KnowledgeFolder(knowledge.profilesLocation()),
				new KnowledgeFolder(rules.location()), fhirContext);
	}

	@Bean
	KnowledgeBase knowledgeBase(KnowledgeLoading loading, KnowledgeProperties properties) {
		KnowledgeBase knowledge = loading.knowledge();
		log.info("Knowledge base {} loaded from {}: {} value sets", knowledge.version(), properties.profilesLocation(),
				knowledge.terminology().valueSetIds().size());
		return knowledge;
	}

	@Bean
	RuleBase ruleBase(KnowledgeLoading loading, RulesProperties properties) {
		RuleBase ruleBase = loading.rules();
		log.info("Compiled {} rules from {} (fingerprint {})", ruleBase.ruleNames().size(), properties.location(),
				ruleBase.fingerprint());
		return ruleBase;
	}

	/**
	 * The card templates of {@code cards/} in the rules folder, once the rules, templates
	 * and FHIR knowledge are checked as a whole (after the rules compile). A rule that
	 * does not compile, or that names a value set, template, citation or override reason
	 * that does not exist, stops the service with the file, line and message: better no
	 * service than one with a rule or a card's words silently missing.
	 */
	@Bean
	CardTemplates cardTemplates(RulesProperties properties, RuleBase ruleBase, KnowledgeBase knowledge) {
		CardTemplates templates = KnowledgeCheck.check(new KnowledgeFolder(properties.location()), knowledge);
		log.info("Knowledge checked: {} rules, {} card templates, {} value sets", ruleBase.ruleNames().size(),
				templates.all().size(), knowledge.terminology().valueSetIds().size());
		return templates;
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
