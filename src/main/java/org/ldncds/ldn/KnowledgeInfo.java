package org.ldncds.ldn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.rules.RuleBase;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * The knowledge this instance answers with, in {@code /actuator/info}: the knowledge
 * version and the rule fingerprint (the same pair every answer's audit record carries),
 * so that an operator can tell which rules answered across a fleet. The build (version,
 * time) is Spring Boot's own, from {@code META-INF/build-info.properties}.
 */
@Component
class KnowledgeInfo implements InfoContributor {

	private final KnowledgeBase knowledge;

	private final RuleBase rules;

	KnowledgeInfo(KnowledgeBase knowledge, RuleBase rules) {
		this.knowledge = knowledge;
		this.rules = rules;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("version", knowledge.version());
		details.put("ruleFingerprint", rules.fingerprint());
		details.put("rules", rules.ruleNames().size());
		builder.withDetail("knowledge", details);
	}

}
