package org.ldncds.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/knowledge.md is generated from the knowledge: it cannot say what the knowledge
 * does not.
 */
class KnowledgeDocsTest {

	@Test
	void theCommittedDocumentIsWhatTheKnowledgeGenerates() throws IOException {
		String committed = Files.readString(Path.of(KnowledgeDocs.DOCUMENT));
		assertThat(committed)
			.as("%s is out of date: run `%s` and commit it", KnowledgeDocs.DOCUMENT, KnowledgeDocs.COMMAND)
			.isEqualTo(KnowledgeDocs.generate(Path.of(".")));
	}

	@Test
	void theDocumentNamesEveryRuleCardCitationAndValueSet() {
		String document = KnowledgeDocs.generate(Path.of("."));
		KnowledgeBase knowledge = org.ldncds.KnowledgeFixtures.knowledge();
		org.ldncds.KnowledgeFixtures.rules()
			.ruleNames()
			.forEach((rule) -> assertThat(document).contains("| " + rule + " |"));
		org.ldncds.KnowledgeFixtures.templates()
			.all()
			.forEach((template) -> assertThat(document).contains("\n### " + template.key() + "\n"));
		knowledge.citations()
			.forEach((citation) -> assertThat(document).contains("`" + citation.key() + "`")
				.contains("**" + citation.label() + "**")
				.contains(citation.hasUrl() ? "<" + citation.url() + ">" : citation.reference()));
		knowledge.terminology().valueSetIds().forEach((id) -> assertThat(document).contains("| `" + id + "` |"));
	}

	@Test
	void handWrittenNotesMustAskForEveryGeneratedSection(@TempDir Path project) throws IOException {
		copy(Path.of("rules"), project.resolve("rules"));
		copy(Path.of("fhir-profiles"), project.resolve("fhir-profiles"));
		Files.createDirectories(project.resolve("docs"));
		Files.writeString(project.resolve(KnowledgeDocs.NOTES), "# Notes\n\n<!-- generated: rules -->\n");
		assertThatThrownBy(() -> KnowledgeDocs.generate(project)).hasMessageContaining(
				"leaves out the generated sections [cards, citations, evidence-grades, override-reasons, value-sets]");
		Files.writeString(project.resolve(KnowledgeDocs.NOTES), "<!-- generated: rule-table -->\n");
		assertThatThrownBy(() -> KnowledgeDocs.generate(project))
			.hasMessageContaining("asks for an unknown section 'rule-table'");
	}

	private static void copy(Path from, Path to) throws IOException {
		try (var files = Files.walk(from)) {
			for (Path file : files.toList()) {
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
