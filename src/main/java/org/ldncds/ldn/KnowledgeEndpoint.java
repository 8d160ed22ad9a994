package org.ldncds.ldn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/knowledge}, for administrators: GET says which knowledge answers and
 * what the last reload did; POST reloads the knowledge from its folders now.
 */
@Endpoint(id = "knowledge")
class KnowledgeEndpoint {

	private final LiveKnowledge knowledge;

	KnowledgeEndpoint(LiveKnowledge knowledge) {
		this.knowledge = knowledge;
	}

	@ReadOperation
	Map<String, Object> status() {
		return describe(knowledge.last());
	}

	@WriteOperation
	Map<String, Object> reload() {
		return describe(knowledge.reload());
	}

	static Map<String, Object> describe(LiveKnowledge.Reload reload) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("version", reload.version());
		status.put("lastReload", reload.outcome().label());
		status.put("at", reload.at().toString());
		if (reload.problem() != null) {
			status.put("problem", reload.problem());
		}
		return status;
	}

}
