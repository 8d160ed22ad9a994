package org.ldncds.knowledge;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KnowledgeFolderTest {

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

}
