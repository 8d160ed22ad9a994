package org.ldncds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A copy of the project's knowledge ({@code rules/} and {@code fhir-profiles/}) in a
 * temporary folder, as a ConfigMap mounted into every pod: instances started with
 * {@link #arguments} read it with {@code file:} locations and check it for changes; a
 * test edits it with {@link #edit} and deletes it with {@link #close}.
 */
public final class KnowledgeCopy implements AutoCloseable {

	private final Path root;

	private KnowledgeCopy(Path root) {
		this.root = root;
	}

	/** Copies {@code rules/} and {@code fhir-profiles/} into a new temporary folder. */
	public static KnowledgeCopy create() throws IOException {
		Path root = Files.createTempDirectory("ldn-knowledge");
		KnowledgeCopy copy = new KnowledgeCopy(root);
		try {
			copyTree(Path.of("rules"), root.resolve("rules"));
			copyTree(Path.of("fhir-profiles"), root.resolve("fhir-profiles"));
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
				"--ldn.knowledge.profiles-location=file:" + root.resolve("fhir-profiles") + "/",
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
