package org.ldncds.rules;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package a DRL file declares is read as Drools reads it (up to the first semicolon
 * or end of line), and compared with the folder the file is in.
 */
class PackageFolderWarningsTest {

	@Test
	void aPackageNamedAsItsFolderIsNoWarning() {
		assertThat(warnings("ldn/x.drl", "package ldn;\nrule \"r\" when then end\n")).isEmpty();
		assertThat(warnings("ldn/sub/x.drl", "package ldn.sub;\n")).isEmpty();
	}

	@Test
	void aPackageEndedByTheLineAloneIsReadToTheEndOfTheLine() {
		List<RuleWarning> warnings = warnings("ldn/x.drl", "// rules\npackage other\nrule \"r\" when then end\n");

		assertThat(warnings).singleElement().satisfies((warning) -> {
			assertThat(warning.file()).isEqualTo("ldn/x.drl");
			assertThat(warning.line()).isEqualTo(2);
			assertThat(warning.message()).contains("declares package 'other' in folder 'ldn'");
		});
	}

	@Test
	void aPackageEndedBySemicolonOnTheLastLineIsRead() {
		assertThat(warnings("x.drl", "package other;")).singleElement()
			.satisfies((warning) -> assertThat(warning.message()).contains("declares package 'other' in folder ''"));
	}

	@Test
	void aFileWithoutAPackageOrWithAnUnendedOneIsNoWarning() {
		assertThat(warnings("ldn/x.drl", "rule \"r\" when then end\n")).isEmpty();
		// Nothing ends the declaration: Drools would not read a package either.
		assertThat(warnings("ldn/x.drl", "package other")).isEmpty();
	}

	@Test
	void theWordPackageInACommentIsNotADeclaration() {
		assertThat(warnings("ldn/x.drl", "// package other;\npackage ldn;\n")).isEmpty();
	}

	private static List<RuleWarning> warnings(String name, String text) {
		return PackageFolderWarnings.of(List.of(new RuleSource(name, text)));
	}

}
