package org.ldncds.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DRL files see facts and plain Java only: an import of a FHIR model, JSON or any
 * other package of the service is a rule reaching past the facts.
 */
class RulesImportOnlyFactsTest {

	private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+(?:function\\s+|static\\s+)?([\\w.]+)");

	private static final Pattern ALLOWED = Pattern
		.compile("org\\.ldncds\\.facts\\.\\w+(\\.\\w+)*|java\\.(util|time)\\.\\w+");

	@Test
	void everyRuleFileImportsOnlyFactsAndPlainJava() throws IOException {
		List<Path> drls;
		try (Stream<Path> files = Files.walk(Path.of("rules"))) {
			drls = files.filter((file) -> file.toString().endsWith(".drl")).toList();
		}
		assertThat(drls).isNotEmpty();
		for (Path drl : drls) {
			assertThat(disallowedImports(Files.readString(drl))).as(drl.toString()).isEmpty();
		}
	}

	@Test
	void aRuleFileImportingAFhirModelIsCaught() {
		String drl = """
				package ldn;
				import org.ldncds.facts.MedicationFact;
				import org.hl7.fhir.r4.model.MedicationRequest;
				import org.ldncds.cards.CardFactory;
				""";

		assertThat(disallowedImports(drl)).containsExactly("org.hl7.fhir.r4.model.MedicationRequest",
				"org.ldncds.cards.CardFactory");
	}

	private static List<String> disallowedImports(String drl) {
		Matcher imports = IMPORT.matcher(drl);
		return imports.results()
			.map((found) -> found.group(1))
			.filter((name) -> !ALLOWED.matcher(name).matches())
			.toList();
	}

}
