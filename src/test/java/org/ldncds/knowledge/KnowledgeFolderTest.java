package org.ldncds.knowledge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnowledgeFolderTest {

	@TempDir
	Path folder;

	/**
	 * A folder given relative to the working directory names its files by their path in
	 * it, as the packaged copy does: Drools compiles each file under its name, so two
	 * files of the same name in different folders must not collide.
	 */
	@Test
	void aRelativeFolderNamesFilesByTheirPathInIt() {
		List<KnowledgeFolder.KnowledgeFile> relative = new KnowledgeFolder("file:rules/").files(".drl");

		assertThat(relative).extracting(KnowledgeFolder.KnowledgeFile::name)
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(name).startsWith("ldn/"))
			.containsExactlyElementsOf(new KnowledgeFolder("classpath:rules/").files(".drl")
				.stream()
				.map(KnowledgeFolder.KnowledgeFile::name)
				.toList());
	}

	/**
	 * A ConfigMap carries a folder tree as one archive: its entries are read as files
	 * named by archive and path, beside the folder's own files; folders, hidden entries
	 * and other suffixes are left out, and a leading {@code ./} (as {@code jar -C dir .}
	 * may write) is dropped.
	 */
	@Test
	void filesInZipArchivesAreReadBesideTheFolder() throws IOException {
		Files.writeString(folder.resolve("plain.json"), "{}");
		zip(folder.resolve("scenarios.zip"), "./dose/a.json", "{\"a\":1}", "dose/", "", "notes.txt", "x",
				".hidden/b.json", "{}", "opioids/c.json", "{\"c\":3}");

		List<KnowledgeFolder.KnowledgeFile> files = new KnowledgeFolder(folder.toUri().toString())
			.filesAndArchivedFiles(".json");

		assertThat(files).extracting(KnowledgeFolder.KnowledgeFile::name)
			.containsExactly("plain.json", "scenarios.zip!/dose/a.json", "scenarios.zip!/opioids/c.json");
		assertThat(files.get(1).text()).isEqualTo("{\"a\":1}");
	}

	/** A zip bomb is refused, not read into memory. */
	@Test
	void anArchiveExpandingBeyond64MegabytesIsRefused() throws IOException {
		Path archive = folder.resolve("big.zip");
		try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("zeros.json"));
			byte[] megabyte = new byte[1024 * 1024];
			for (int i = 0; i < 65; i++) {
				zip.write(megabyte);
			}
			zip.closeEntry();
		}
		assertThat(Files.size(archive)).isLessThan(1024 * 1024);

		assertThatThrownBy(() -> new KnowledgeFolder(folder.toUri().toString()).filesAndArchivedFiles(".json"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("the archive big.zip expands beyond 67108864 bytes");
	}

	/** Writes a zip of (name, text) pairs; a name ending with / is a folder. */
	private static void zip(Path archive, String... namesAndTexts) throws IOException {
		try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (int i = 0; i < namesAndTexts.length; i += 2) {
				zip.putNextEntry(new ZipEntry(namesAndTexts[i]));
				zip.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
	}

}
