package org.ldncds.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A copy of the project's knowledge ({@code rules/}; {@code fhir-profiles/} and the
 * knowledge scenarios each zipped as one archive, as a ConfigMap carries them) in a
 * temporary folder, as ConfigMaps mounted into every pod: instances started with
 * {@link #arguments} read it with {@code file:} locations and check it for changes; a
 * test edits it with {@link #edit} and {@link #editScenarios}, and deletes it with
 * {@link #close}.
 */
public final class KnowledgeCopy implements AutoCloseable {

	private final Path root;

	private KnowledgeCopy(Path root) {
		this.root = root;
	}

	/** The project's knowledge scenarios. */
	private static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

	/** The project's FHIR knowledge. */
	private static final Path PROFILES = Path.of("fhir-profiles");

	/** The archive of the FHIR knowledge in the copy's profiles folder. */
	private static final String PROFILES_ARCHIVE = "fhir-profiles.zip";

	/** The archive of the scenarios in the copy's scenarios folder. */
	private static final String SCENARIOS_ARCHIVE = "scenarios.zip";

	/**
	 * Copies {@code rules/} into a new temporary folder, and zips {@code fhir-profiles/}
	 * and the scenarios there.
	 */
	public static KnowledgeCopy create() throws IOException {
		Path root = Files.createTempDirectory("ldn-knowledge");
		KnowledgeCopy copy = new KnowledgeCopy(root);
		try {
			copyTree(Path.of("rules"), root.resolve("rules"));
			Files.createDirectories(copy.profiles());
			copy.editProfiles(UnaryOperator.identity());
			Files.createDirectories(copy.scenarios());
			copy.editScenarios(UnaryOperator.identity());
		}
		catch (IOException | RuntimeException ex) {
			copy.close();
			throw ex;
		}
		return copy;
	}

	/**
	 * The service's arguments to answer with this knowledge and to check it for changes
	 * this often.
	 */
	public List<String> arguments(Duration reloadCheck) {
		return List.of("--ldn.rules.location=file:" + rules() + "/",
				"--ldn.knowledge.profiles-location=file:" + profiles() + "/",
				"--ldn.knowledge.scenarios-location=file:" + scenarios() + "/",
				"--ldn.knowledge.reload-check=" + reloadCheck.toMillis() + "ms");
	}

	/** The rules folder of the copy. */
	public Path rules() {
		return root.resolve("rules");
	}

	/** The text of a file of the rules folder, e.g. {@code cards/x.md}. */
	public String read(String rulesFile) throws IOException {
		return Files.readString(rules().resolve(rulesFile));
	}

	/**
	 * Replaces a file of the rules folder with the edited text, whole, as a ConfigMap
	 * update swaps its files (a new file, moved into place).
	 * @return the text it had
	 */
	public String edit(String rulesFile, UnaryOperator<String> edit) throws IOException {
		String before = read(rulesFile);
		write(rulesFile, edit.apply(before));
		return before;
	}

	/** Writes a file of the rules folder, whole. */
	public void write(String rulesFile, String text) throws IOException {
		Path target = rules().resolve(rulesFile);
		Path written = Files.writeString(target.resolveSibling("." + target.getFileName() + ".tmp"), text);
		Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Replaces the scenarios archive with the project's scenarios, each edited, as a
	 * ConfigMap update swaps its file.
	 */
	public void editScenarios(UnaryOperator<String> edit) throws IOException {
		rezip(SCENARIOS, scenarios().resolve(SCENARIOS_ARCHIVE), edit);
	}

	/**
	 * Replaces the FHIR knowledge archive with the project's {@code fhir-profiles/}, each
	 * file edited, as a ConfigMap update swaps its file.
	 */
	public void editProfiles(UnaryOperator<String> edit) throws IOException {
		rezip(PROFILES, profiles().resolve(PROFILES_ARCHIVE), edit);
	}

	private static void rezip(Path source, Path target, UnaryOperator<String> edit) throws IOException {
		Path written = target.resolveSibling("." + target.getFileName() + ".tmp");
		zip(source, edit, written);
		Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Zips the JSON files of a folder, each edited, by their path in it, as
	 * {@code jar --create --no-manifest --file x.zip -C folder .} does.
	 */
	public static void zip(Path folder, UnaryOperator<String> edit, Path archive) throws IOException {
		try (OutputStream out = Files.newOutputStream(archive);
				ZipOutputStream zip = new ZipOutputStream(out);
				Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
				zip.write(edit.apply(Files.readString(file)).getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
	}

	private Path scenarios() {
		return root.resolve("scenarios");
	}

	private Path profiles() {
		return root.resolve("fhir-profiles");
	}

	/** Deletes the copy. */
	@Override
	public void close() {
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
				Files.delete(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the knowledge copy " + root, ex);
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
	}

}
