package org.ldncds.rules;

import java.util.List;

import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Compiles the rules once, at startup, and checks them with their card templates against
 * the FHIR knowledge. A rule that does not compile, or that names a value set, template,
 * citation or override reason that does not exist, stops the service with the file, line
 * and message: better no service than one with a rule or a card's words silently missing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesProperties.class)
class RulesConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RulesConfiguration.class);

	@Bean
	RuleBase ruleBase(RulesProperties properties) {
		List<RuleSource> sources = new KnowledgeFolder(properties.location()).files(".drl")
			.stream()
			.map((file) -> new RuleSource(file.name(), file.text()))
			.toList();
		RuleBase ruleBase = RuleBase.compile(sources);
		log.info("Compiled {} rules from {} files in {} (fingerprint {})", ruleBase.ruleNames().size(), sources.size(),
				properties.location(), ruleBase.fingerprint());
		return ruleBase;
	}

	/**
	 * The card templates of {@code cards/} in the rules folder, once the rules, templates
	 * and FHIR knowledge are checked as a whole (after the rules compile).
	 */
	@Bean
	CardTemplates cardTemplates(RulesProperties properties, RuleBase ruleBase, KnowledgeBase knowledge) {
		CardTemplates templates = KnowledgeCheck.check(new KnowledgeFolder(properties.location()), knowledge);
		log.info("Knowledge checked: {} rules, {} card templates, {} value sets", ruleBase.ruleNames().size(),
				templates.all().size(), knowledge.terminology().valueSetIds().size());
		return templates;
	}

}
