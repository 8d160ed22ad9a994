package org.ldncds.ldn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.testing.KnowledgeCopy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * New knowledge must pass every knowledge scenario before it answers calls: a change that
 * alters any scenario's cards is refused, naming the scenarios and what differs, unless
 * it ships with its scenarios updated (a folder, or a zip archive as a ConfigMap carries
 * it).
 */
class KnowledgeScenariosGateTest {

	private static final String TEMPLATE = "cards/naltrexone-opioid-interaction.md";

	/**
	 * A rewording of the same length: a summary cut to fit stays cut at the same place,
	 * so that updating the scenarios is a plain replacement.
	 */
	private static final String OLD_WORDING = "can precipitate withdrawal and blocks analgesia";

	private static final String NEW_WORDING = "may precipitate withdrawal and blocks analgesia";

	private static final String SCENARIO = "opioids/ldn-selected-for-patient-on-methadone.json";

	private static final Path PROJECT_SCENARIOS = Path.of("src/test/resources/scenarios");

	private final KnowledgeHarness harness = KnowledgeHarness.get();

	@TempDir
	Path temp;

	@Test
	void theScenariosDayIsTheDayTheTestsRunThemOn() {
		assertThat(KnowledgeScenarios.DAY).isEqualTo(KnowledgeFixtures.TODAY);
	}

	@Test
	void theProjectsKnowledgePassesEveryScenarioPackagedWithTheService() {
		KnowledgeScenarios packaged = harness.scenarios("classpath:scenarios/");

		assertThat(packaged.read()).hasSize(Scenario.all().size());
		assertThat(packaged.check(harness.pipeline())).isEmpty();
	}

	@Test
	void aRewordedCardWithoutItsScenariosIsRefusedNamingTheScenariosAndTheCards() {
		LdnPipeline reworded = reworded();

		LiveKnowledge live = reloadTo(reworded, harness.scenarios("file:" + PROJECT_SCENARIOS + "/"));

		assertThat(live.last().outcome()).isEqualTo(LiveKnowledge.Outcome.REFUSED);
		assertThat(live.get()).isSameAs(harness.pipeline());
		assertThat(live.last().problem()).matches("\\d+ of " + Scenario.all().size() + " knowledge scenarios at .*")
			.contains("get other cards (ship the scenarios updated with the change)")
			.contains("expects [critical: Naltrexone with an opioid")
			.contains(OLD_WORDING + "] and gets [critical: Naltrexone with an opioid")
			.contains(NEW_WORDING + "]")
			.contains("more");
	}

	@Test
	void aRewordedDetailIsRefusedNamingTheCardAndTheField() {
		LdnPipeline reworded = harness.pipelineEditing(
				Map.of(TEMPLATE, (text) -> replaceOnce(text, "Confirm the patient is opioid-free before starting.",
						"Confirm the patient is free of opioids before starting.")));

		String problem = harness.scenarios("file:" + PROJECT_SCENARIOS + "/").check(reworded).orElseThrow();

		assertThat(problem).contains("gets the card 'critical: Naltrexone with an opioid")
			.contains("with another detail");
	}

	@Test
	void aRewordedCardWithItsScenariosUpdatedPassesFromAFolder() throws IOException {
		Path updated = copyOfScenarios((text) -> text.replace(OLD_WORDING, NEW_WORDING));

		LiveKnowledge live = reloadTo(reworded(), harness.scenarios(updated.toUri().toString()));

		assertThat(live.last().problem()).isNull();
		assertThat(live.last().outcome()).isEqualTo(LiveKnowledge.Outcome.APPLIED);
	}

	@Test
	void aRewordedCardWithItsScenariosUpdatedPassesFromAZipArchive() throws IOException {
		Path folder = Files.createDirectories(temp.resolve("configmap"));
		KnowledgeCopy.zip(PROJECT_SCENARIOS, (text) -> text.replace(OLD_WORDING, NEW_WORDING),
				folder.resolve("scenarios.zip"));
		KnowledgeScenarios archived = harness.scenarios(folder.toUri().toString());

		assertThat(archived.read()).hasSize(Scenario.all().size())
			.anySatisfy((scenario) -> assertThat(scenario.name()).isEqualTo("scenarios.zip!/" + SCENARIO));
		assertThat(archived.check(reworded())).isEmpty();
		assertThat(archived.check(harness.pipeline())).hasValueSatisfying(
				(problem) -> assertThat(problem).contains("scenarios.zip!/").contains("expects [critical:"));
	}

	@Test
	void aScenarioThatIsNotJsonIsRefusedNamingItsFileAndLine() throws IOException {
		Path folder = copyOfScenarios(UnaryOperator.identity());
		Files.writeString(folder.resolve(SCENARIO), "{\n  \"service\": \"ldn-order-select\",\n  oops\n}\n");

		String problem = harness.scenarios(folder.toUri().toString()).check(harness.pipeline()).orElseThrow();

		assertThat(problem).startsWith("The knowledge scenario " + SCENARIO + " is not JSON: line 3: ");
	}

	@Test
	void aScenarioWithoutItsExpectedCardsIsRefusedSayingWhatItNeeds() throws IOException {
		Path folder = copyOfScenarios(UnaryOperator.identity());
		Files.writeString(folder.resolve(SCENARIO), "{\"service\": \"ldn-order-select\", \"request\": {}}");

		String problem = harness.scenarios(folder.toUri().toString()).check(harness.pipeline()).orElseThrow();

		assertThat(problem).contains(SCENARIO).contains("needs \"service\" (text), \"request\" (an object)");
	}

	@Test
	void aScenarioOfAnUnknownServiceOrARefusedCallFails() throws IOException {
		Path folder = copyOfScenarios(UnaryOperator.identity());
		String original = Files.readString(folder.resolve(SCENARIO));
		Files.writeString(folder.resolve(SCENARIO), original.replaceFirst("\"ldn-order-select\"", "\"ldn-nothing\""));
		Path other = folder.resolve("quiet").resolve("refused.json");
		Files.writeString(other, "{\"service\": \"ldn-order-select\", \"request\": {\"hook\": \"order-select\"},"
				+ " \"expectedCards\": []}");

		String problem = harness.scenarios(folder.toUri().toString()).check(harness.pipeline()).orElseThrow();

		assertThat(problem).startsWith("2 of " + (Scenario.all().size() + 1) + " knowledge scenarios")
			.contains(SCENARIO + " names no LDN service: \"ldn-nothing\"")
			.contains("quiet/refused.json is not answered: ");
	}

	@Test
	void noScenariosAtAllIsRefusedRatherThanPassed() throws IOException {
		Path empty = Files.createDirectories(temp.resolve("empty"));

		String problem = harness.scenarios(empty.toUri().toString()).check(harness.pipeline()).orElseThrow();

		assertThat(problem).startsWith("No knowledge scenarios at " + empty.toUri());
	}

	private LdnPipeline reworded() {
		return harness.pipelineEditing(Map.of(TEMPLATE, (text) -> replaceOnce(text, OLD_WORDING, NEW_WORDING)));
	}

	/**
	 * A LiveKnowledge on the harness's pipeline, asked once to reload to the candidate
	 * under the scenarios gate.
	 */
	private LiveKnowledge reloadTo(LdnPipeline candidate, KnowledgeScenarios scenarios) {
		LiveKnowledge live = new LiveKnowledge(harness.pipeline(), () -> candidate, scenarios::check, List.of(),
				new SimpleMeterRegistry(), Clock.systemUTC());
		live.reload();
		return live;
	}

	/** The project's scenarios, each file's text edited, in a temporary folder. */
	private Path copyOfScenarios(UnaryOperator<String> edit) throws IOException {
		Path copy = temp.resolve("scenarios");
		try (Stream<Path> files = Files.walk(PROJECT_SCENARIOS)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).toList()) {
				Path target = copy.resolve(PROJECT_SCENARIOS.relativize(file).toString());
				Files.createDirectories(target.getParent());
				Files.writeString(target, edit.apply(Files.readString(file)));
			}
		}
		return copy;
	}

	private static String replaceOnce(String text, String old, String replacement) {
		assertThat(text).contains(old);
		return text.replace(old, replacement);
	}

}
