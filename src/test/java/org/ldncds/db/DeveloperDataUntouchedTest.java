package org.ldncds.db;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard that keeps tests out of the developer's ./data database. */
class DeveloperDataUntouchedTest {

	@TempDir
	Path workingDirectory;

	@Test
	void failsWhenATestCreatesTheDataFolder() throws Exception {
		Path data = workingDirectory.resolve("data");
		DeveloperDataUntouched guard = new DeveloperDataUntouched(data);
		DeveloperDataUntouched.Snapshot before = guard.snapshot();

		Files.createDirectories(data);
		Files.writeString(data.resolve("ldn-cds.mv.db"), "cards");

		assertThatThrownBy(() -> guard.verifyUnchanged(before, "SomeIT")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("SomeIT wrote into the developer's")
			.hasMessageContaining("ldn-cds.mv.db");
	}

	@Test
	void failsWhenATestChangesTheDevelopersDatabase() throws Exception {
		Path data = Files.createDirectories(workingDirectory.resolve("data"));
		Path database = Files.writeString(data.resolve("ldn-cds.mv.db"), "the developer's cards");
		DeveloperDataUntouched guard = new DeveloperDataUntouched(data);
		DeveloperDataUntouched.Snapshot before = guard.snapshot();

		Files.writeString(database, "the developer's cards and a test's");

		assertThatThrownBy(() -> guard.verifyUnchanged(before, "SomeIT")).isInstanceOf(AssertionError.class);
	}

	@Test
	void passesWhenTheDevelopersDatabaseIsLeftAlone() throws Exception {
		Path data = Files.createDirectories(workingDirectory.resolve("data"));
		Files.writeString(data.resolve("ldn-cds.mv.db"), "the developer's cards");
		DeveloperDataUntouched guard = new DeveloperDataUntouched(data);
		DeveloperDataUntouched.Snapshot before = guard.snapshot();

		assertThatCode(() -> guard.verifyUnchanged(before, "SomeIT")).doesNotThrowAnyException();
	}

}
