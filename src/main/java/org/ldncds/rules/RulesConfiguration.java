package org.ldncds.rules;

import org.ldncds.knowledge.KnowledgeFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Compiles the rules once, at startup. A rule that does not compile stops the service
 * with the file, line and message: better no service than one with a rule silently
 * missing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesProperties.class)
class RulesConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RulesConfiguration.class);

	@Bean
	RuleBase ruleBase(RulesProperties properties) {
		RuleBase ruleBase = RuleBase.load(new KnowledgeFolder(properties.location()));
		log.info("Compiled {} rules from {} (fingerprint {})", ruleBase.ruleNames().size(), properties.location(),
				ruleBase.fingerprint());
		return ruleBase;
	}

}
