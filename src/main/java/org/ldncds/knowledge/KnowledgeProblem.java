package org.ldncds.knowledge;

/**
 * One thing wrong with the knowledge, where a person can fix it.
 *
 * @param file the file's path relative to its folder, e.g. {@code ldn/hepatic.drl} or
 * {@code cards/naltrexone-hepatic.md}
 * @param line the line in that file, from 1
 * @param message what is wrong, in words a pharmacist can act on
 */
public record KnowledgeProblem(String file, int line, String message) {

	@Override
	public String toString() {
		return file + ":" + line + ": " + message;
	}

}
