package org.ldncds.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class that creates or changes anything in the developer's own
 * {@code ./data} folder, where {@code mvn spring-boot:run} keeps its H2 database: cards
 * made by tests would show up in the developer's {@code /analytics}. Registered for all
 * JUnit Jupiter test classes (META-INF/services, autodetection in
 * junit-platform.properties). Tests use in-memory or temporary databases instead
 * (src/test/resources/config/application.yaml, {@link TestDatabases}).
 */
public class DeveloperDataUntouched implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(DeveloperDataUntouched.class);

	private final Path folder;

	public DeveloperDataUntouched() {
		this(Path.of("data"));
	}

	DeveloperDataUntouched(Path folder) {
		this.folder = folder;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put(Snapshot.class, snapshot());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Snapshot before = context.getStore(NAMESPACE).get(Snapshot.class, Snapshot.class);
		if (before != null) {
			verifyUnchanged(before, context.getDisplayName());
		}
	}

	/** The files in the folder with their sizes and modification times; empty if none. */
	Snapshot snapshot() {
		Map<String, String> files = new TreeMap<>();
		if (Files.isDirectory(folder)) {
			try (Stream<Path> paths = Files.walk(folder)) {
				paths.filter(Files::isRegularFile)
					.forEach((file) -> files.put(folder.relativize(file).toString(),
							size(file) + "@" + file.toFile().lastModified()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return new Snapshot(Files.exists(folder), files);
	}

	void verifyUnchanged(Snapshot before, String testClass) {
		Snapshot after = snapshot();
		if (!after.equals(before)) {
			throw new AssertionError(testClass + " wrote into the developer's " + folder.toAbsolutePath() + " (before: "
					+ before + ", after: " + after + "). Tests must use an in-memory or temporary "
					+ "database (TestDatabases); if `mvn spring-boot:run` was running from this folder meanwhile, "
					+ "stop it and run the tests again.");
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** What the folder held at one moment. */
	record Snapshot(boolean exists, Map<String, String> files) {
	}

}
