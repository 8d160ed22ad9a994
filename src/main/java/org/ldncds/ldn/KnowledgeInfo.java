package org.ldncds.ldn;

import java.util.LinkedHashMap;
import java.util.Map;

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

	/** Read on every request: a reload changes what answers. */
	private final LiveKnowledge knowledge;

	KnowledgeInfo(LiveKnowledge knowledge) {
		this.knowledge = knowledge;
	}

	@Override
	public void contribute(Info.Builder builder) {
		LdnPipeline current = knowledge.get();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("version", current.cards().knowledgeVersion());
		details.put("ruleFingerprint", current.rules().fingerprint());
		details.put("rules", current.rules().ruleNames().size());
		details.put("lastReload", KnowledgeEndpoint.describe(knowledge.last()));
		builder.withDetail("knowledge", details);
	}

}
