package org.ldncds.ldn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.knowledge.Citation;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.testing.KnowledgeCopy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers name their knowledge by the evidence Library's version and the rule
 * fingerprint: FHIR knowledge (value sets, citations) reloaded with other content but the
 * same version is refused, so that a fleet never answers with two knowledge bases under
 * one name. The FHIR knowledge may come zipped, as a ConfigMap carries it.
 */
class KnowledgeVersionGateTest {

	private static final Path PROFILES = Path.of("fhir-profiles");

	private static final String VALUE_SET = "ValueSet-opioids.json";

	private static final String LIBRARY = "Library-ldn-evidence.json";

	private final KnowledgeHarness harness = KnowledgeHarness.get();

	@TempDir
	Path temp;

	@Test
	void aValueSetChangedWithoutANewVersionIsRefused() throws IOException {
		KnowledgeBase changed = load(copy(VALUE_SET, retitled()));
		assertThat(changed.version()).isEqualTo(KnowledgeFixtures.knowledge().version());

		LiveKnowledge live = reloadTo(harness.pipelineOn(changed));

		assertThat(live.last().outcome()).isEqualTo(LiveKnowledge.Outcome.REFUSED);
		assertThat(live.last().problem())
			.isEqualTo("The FHIR knowledge changed but its version is still " + changed.version()
					+ ": raise the version of Library/ldn-evidence, so that answers name the new knowledge apart "
					+ "from the old");
		assertThat(live.get()).isSameAs(harness.pipeline());
	}

	@Test
	void aValueSetChangedWithANewVersionIsApplied() throws IOException {
		Path folder = copy(VALUE_SET, retitled());
		Path library = folder.resolve(LIBRARY);
		String version = KnowledgeFixtures.knowledge().version();
		Files.writeString(library, Files.readString(library)
			.replaceFirst("\"version\": \"" + java.util.regex.Pattern.quote(version) + "\"", "\"version\": \"9.9.9\""));

		LiveKnowledge live = reloadTo(harness.pipelineOn(load(folder)));

		assertThat(live.last().problem()).isNull();
		assertThat(live.last().outcome()).isEqualTo(LiveKnowledge.Outcome.APPLIED);
		assertThat(live.last().version()).startsWith("9.9.9+");
	}

	@Test
	void theSameKnowledgeReloadedIsNotAChange() throws IOException {
		LiveKnowledge live = reloadTo(harness.pipelineOn(load(copy(VALUE_SET, UnaryOperator.identity()))));

		assertThat(live.last().outcome()).isEqualTo(LiveKnowledge.Outcome.UNCHANGED);
	}

	/**
	 * The 2 MB of FHIR knowledge zip to about 220 KB, which a ConfigMap holds: read from
	 * the archive, it is the same knowledge.
	 */
	@Test
	void fhirKnowledgeReadFromAZipArchiveIsTheSameKnowledge() throws IOException {
		Path configMap = Files.createDirectories(temp.resolve("configmap"));
		KnowledgeCopy.zip(PROFILES, UnaryOperator.identity(), configMap.resolve("fhir-profiles.zip"));
		assertThat(Files.size(configMap.resolve("fhir-profiles.zip"))).isLessThan(900 * 1024);

		KnowledgeBase zipped = load(configMap);
		KnowledgeBase folder = KnowledgeFixtures.knowledge();

		assertThat(zipped.contentDigest()).hasSize(64).isEqualTo(folder.contentDigest());
		assertThat(zipped.version()).isEqualTo(folder.version());
		assertThat(zipped.terminology().valueSetIds()).isEqualTo(folder.terminology().valueSetIds());
		assertThat(zipped.citations()).extracting(Citation::key)
			.isEqualTo(folder.citations().stream().map(Citation::key).toList());
		assertThat(LiveKnowledge.unversionedChange(harness.pipeline(), harness.pipelineOn(zipped))).isEmpty();
	}

	private static UnaryOperator<String> retitled() {
		return (text) -> text.replace("\"title\": \"Opioids blocked by naltrexone (grouping)\"",
				"\"title\": \"Opioids that naltrexone blocks (grouping)\"");
	}

	/** The project's FHIR knowledge in a temporary folder, one file edited. */
	private Path copy(String file, UnaryOperator<String> edit) throws IOException {
		Path copy = Files.createDirectories(temp.resolve("fhir-profiles"));
		try (Stream<Path> files = Files.list(PROFILES)) {
			for (Path source : files.toList()) {
				String text = Files.readString(source);
				Files.writeString(copy.resolve(source.getFileName()),
						source.getFileName().toString().equals(file) ? edit.apply(text) : text);
			}
		}
		assertThat(Files.readString(copy.resolve(file)))
			.isEqualTo(edit.apply(Files.readString(PROFILES.resolve(file))));
		return copy;
	}

	private static KnowledgeBase load(Path folder) {
		return KnowledgeBase.load(new KnowledgeFolder(folder.toUri().toString()), FhirContext.forR4Cached());
	}

	private LiveKnowledge reloadTo(LdnPipeline candidate) {
		LiveKnowledge live = new LiveKnowledge(harness.pipeline(), () -> candidate, (pipeline) -> Optional.empty(),
				List.of(), new SimpleMeterRegistry(), Clock.systemUTC());
		live.reload();
		return live;
	}

}
