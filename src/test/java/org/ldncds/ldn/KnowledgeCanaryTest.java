package org.ldncds.ldn;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last gate of a reload, past the compiler and the knowledge check: the packaged
 * example call (LDN for a patient taking oxycodone) must still get its critical card. A
 * change that compiles and passes the knowledge check but silences the opioid alert is
 * refused, the old knowledge keeps answering, and the refusal says what the example got
 * instead.
 */
class KnowledgeCanaryTest {

	private static final KnowledgeFolder RULES = new KnowledgeFolder("file:rules/");

	private static final String CRITICAL_RULE = "Naltrexone ordered for a patient taking an opioid is critical";

	private static final String TEMPLATE = "cards/naltrexone-opioid-interaction.md";

	private static final String DRL = "ldn/opioid-interaction.drl";

	private final KnowledgeHarness harness = KnowledgeHarness.get();

	@Test
	void theProjectsOwnKnowledgePassesTheCanary() {
		LdnPipeline candidate = candidate(UnaryOperator.identity(), UnaryOperator.identity());

		assertThat(harness.warmUp().check(candidate)).isEmpty();
		LiveKnowledge live = reloadTo(candidate);
		assertThat(live.last().outcome()).isEqualTo(LiveKnowledge.Outcome.APPLIED);
		assertThat(live.get()).isSameAs(candidate);
	}

	@Test
	void theOpioidTemplateMadeAWarningIsRefusedSayingWhy() {
		String template = templateText();
		assertThat(template).contains("\nindicator: critical\n");
		LdnPipeline candidate = candidate(UnaryOperator.identity(),
				(text) -> text.replace("\nindicator: critical\n", "\nindicator: warning\n"));

		LiveKnowledge live = reloadTo(candidate);

		assertRefusedKeepingTheOldKnowledge(live);
		assertThat(live.last().problem()).contains("it now gets warning from rule \"" + CRITICAL_RULE + "\"");
	}

	@Test
	void theOpioidRuleLookingAtTheWrongValueSetIsRefusedSayingWhy() {
		String opioids = "MedicationFact( this != $naltrexone, inValueSet(\"opioids\") )";
		assertThat(drlText()).contains(opioids);
		// A value set that exists (the knowledge check passes) but holds no oxycodone.
		LdnPipeline candidate = candidate(
				(drl) -> drl.replaceFirst(java.util.regex.Pattern.quote(opioids),
						"MedicationFact( this != \\$naltrexone, inValueSet(\"opioid-antidiarrheals\") )"),
				UnaryOperator.identity());

		LiveKnowledge live = reloadTo(candidate);

		assertRefusedKeepingTheOldKnowledge(live);
		assertThat(live.last().problem()).contains("it now gets").doesNotContain(CRITICAL_RULE);
	}

	private void assertRefusedKeepingTheOldKnowledge(LiveKnowledge live) {
		assertThat(live.last().outcome()).isEqualTo(LiveKnowledge.Outcome.REFUSED);
		assertThat(live.last().problem())
			.contains("the example call " + PipelineWarmUp.EXAMPLE + " (LDN for a patient taking oxycodone)")
			.contains("no longer gets its critical card");
		assertThat(live.get()).isSameAs(harness.pipeline());
		assertThat(live.last().version()).isEqualTo(harness.pipeline().version());
	}

	/**
	 * A LiveKnowledge on the harness's pipeline, asked once to reload to the candidate.
	 */
	private LiveKnowledge reloadTo(LdnPipeline candidate) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		LiveKnowledge live = new LiveKnowledge(harness.pipeline(), () -> candidate, harness.warmUp()::check, List.of(),
				meters, Clock.systemUTC());
		live.reload();
		double refused = meters.counter("ldn.knowledge.reloads", "outcome", "refused").count();
		assertThat(refused).isEqualTo(live.last().outcome() == LiveKnowledge.Outcome.REFUSED ? 1.0 : 0.0);
		return live;
	}

	private LdnPipeline candidate(UnaryOperator<String> editDrl, UnaryOperator<String> editTemplate) {
		return harness.pipelineEditing(Map.of(DRL, editDrl, TEMPLATE, editTemplate));
	}

	private static String templateText() {
		return text(KnowledgeCheck.templateFiles(RULES), TEMPLATE);
	}

	private static String drlText() {
		return text(RULES.files(".drl"), DRL);
	}

	private static String text(List<KnowledgeFolder.KnowledgeFile> files, String name) {
		return files.stream().filter((file) -> file.name().equals(name)).findFirst().orElseThrow().text();
	}

}
