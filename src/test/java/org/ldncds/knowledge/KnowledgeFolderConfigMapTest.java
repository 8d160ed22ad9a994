package org.ldncds.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RuleSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Knowledge mounted from a Kubernetes ConfigMap (deploy/kubernetes). The kubelet writes a
 * ConfigMap volume as a timestamped hidden folder holding the files, a {@code ..data}
 * link to it, and one link per file into {@code ..data}, so that it can swap all files at
 * once. Each file must be read once, under its own name, not three times.
 */
class KnowledgeFolderConfigMapTest {

	@TempDir
	Path mount;

	@Test
	void readsEachFileOfAConfigMapVolumeOnceUnderItsOwnName() throws IOException {
		configMapVolume(mount, "naltrexone.drl", "rule text", "opioid-interaction.drl", "more rule text");

		List<KnowledgeFolder.KnowledgeFile> files = new KnowledgeFolder(mount.toUri().toString()).files(".drl");

		assertThat(files).extracting(KnowledgeFolder.KnowledgeFile::name)
			.containsExactly("naltrexone.drl", "opioid-interaction.drl");
		assertThat(files).extracting(KnowledgeFolder.KnowledgeFile::text)
			.containsExactly("rule text", "more rule text");
	}

	@Test
	void thePackagedRulesMountedAsTheDeploymentMountsThemCompileToTheSameFingerprint() throws IOException {
		// deploy/kubernetes mounts the ConfigMap of rules/ldn/ at <rules folder>/ldn.
		List<KnowledgeFolder.KnowledgeFile> packaged = new KnowledgeFolder("classpath:rules/").files(".drl");
		Path ldn = Files.createDirectories(mount.resolve("ldn"));
		String[] namesAndTexts = packaged.stream()
			.flatMap((file) -> java.util.stream.Stream.of(file.name().substring("ldn/".length()), file.text()))
			.toArray(String[]::new);
		configMapVolume(ldn, namesAndTexts);

		List<KnowledgeFolder.KnowledgeFile> mounted = new KnowledgeFolder(mount.toUri().toString()).files(".drl");

		assertThat(mounted).containsExactlyElementsOf(packaged);
		assertThat(RuleBase.compile(sources(mounted)).fingerprint())
			.isEqualTo(RuleBase.compile(sources(packaged)).fingerprint());
	}

	private static List<RuleSource> sources(List<KnowledgeFolder.KnowledgeFile> files) {
		return files.stream().map((file) -> new RuleSource(file.name(), file.text())).toList();
	}

	/** The layout of the kubelet's atomic writer for a ConfigMap volume. */
	static void configMapVolume(Path mount, String... namesAndTexts) throws IOException {
		Path timestamped = Files.createDirectories(mount.resolve("..2026_12_02_05_00_00.123456789"));
		for (int i = 0; i < namesAndTexts.length; i += 2) {
			Files.writeString(timestamped.resolve(namesAndTexts[i]), namesAndTexts[i + 1]);
		}
		Files.createSymbolicLink(mount.resolve("..data"), timestamped.getFileName());
		for (int i = 0; i < namesAndTexts.length; i += 2) {
			Files.createSymbolicLink(mount.resolve(namesAndTexts[i]), Path.of("..data", namesAndTexts[i]));
		}
	}

}
