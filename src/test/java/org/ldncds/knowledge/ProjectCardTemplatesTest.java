package org.ldncds.knowledge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.DoseProblem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own card templates, where a value's every possible word must have words:
 * the knowledge check cannot know the words a rule gives, only that it gives one.
 */
class ProjectCardTemplatesTest {

	@Test
	void everyKindOfDoseProblemIsExplainedByTheDoseCard() {
		CardTemplate template = KnowledgeFixtures.templates().get("naltrexone-dose-unknown").orElseThrow();
		for (DoseProblem.Kind kind : DoseProblem.Kind.values()) {
			Map<String, Object> values = new HashMap<>();
			values.put("order", "LDN capsule");
			values.put("why", kind);
			values.put("subject", "puff");
			String detail = template.render("test", null, values, List.of()).detail();
			assertThat(detail).as("%s", kind)
				.startsWith("The order does not give a dose in milligrams")
				.doesNotContain("{", "}");
		}
	}

}
