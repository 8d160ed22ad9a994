package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules the service ships compile without a warning: a warning is logged at every
 * startup and every reload, and a rule the compiler advises against (an {@code eval} over
 * collected lists, say) is one to write again as patterns.
 */
class ShippedRulesWarningsTest {

	@Test
	void theShippedRulesCompileWithoutWarnings() {
		assertThat(KnowledgeFixtures.rules().ruleNames()).isNotEmpty();
		assertThat(KnowledgeFixtures.rules().warnings()).isEmpty();
	}

}
