package org.ldncds.rules;

import java.util.ArrayList;
import java.util.List;

import org.drools.util.StringUtils;

/**
 * The files whose package is not named as their folder ({@code ldn/x.drl} declaring
 * {@code package other}). Drools logs each at every compile, advising a correspondence
 * between package and folder names, but leaves it out of the KieBuilder's results; the
 * same test is made here, the package read as Drools reads it.
 */
final class PackageFolderWarnings {

	private static final String KEYWORD = "package";

	private PackageFolderWarnings() {
	}

	/** One warning per file whose declared package is not its folder. */
	static List<RuleWarning> of(List<RuleSource> sources) {
		List<RuleWarning> warnings = new ArrayList<>();
		for (RuleSource source : sources) {
			String folder = folderOf(source.name());
			int keyword = StringUtils.codeAwareIndexOf(source.text(), KEYWORD);
			String declared = (keyword < 0) ? null : packageAfter(source.text(), keyword + KEYWORD.length());
			// A file that declares no package is in the folder's package.
			if (declared != null && !declared.equals(folder)) {
				warnings
					.add(new RuleWarning(source.name(), lineOf(source.text(), keyword), "declares package '" + declared
							+ "' in folder '" + folder + "': name the package as the folder (dots for slashes)"));
			}
		}
		return warnings;
	}

	private static String folderOf(String name) {
		int slash = name.lastIndexOf('/');
		return (slash < 0) ? "" : name.substring(0, slash).replace('/', '.');
	}

	/** As Drools reads it: up to the first semicolon or end of line. */
	private static String packageAfter(String text, int start) {
		int semicolon = text.indexOf(';', start);
		int newline = text.indexOf('\n', start);
		int end = (semicolon > 0 && newline > 0) ? Math.min(semicolon, newline) : Math.max(semicolon, newline);
		return (end > 0) ? text.substring(start, end).trim() : null;
	}

	private static int lineOf(String text, int index) {
		return (int) text.substring(0, index).chars().filter((c) -> c == '\n').count() + 1;
	}

}
