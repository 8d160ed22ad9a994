package org.ldncds.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Markdown table whose columns line up in plain text too: the first column left-aligned
 * (labels), the others right-aligned (figures).
 */
final class MarkdownTable {

	private final List<String> headers;

	private final List<List<String>> rows = new ArrayList<>();

	private final boolean[] left;

	MarkdownTable(String... headers) {
		if (headers.length == 0) {
			throw new IllegalArgumentException("a table needs at least one column");
		}
		this.headers = List.of(headers);
		this.left = new boolean[headers.length];
		this.left[0] = true;
	}

	/** Aligns these columns (from 0) to the left, as text. */
	MarkdownTable left(int... columns) {
		for (int column : columns) {
			left[column] = true;
		}
		return this;
	}

	/** Adds a row; it must have one cell per column. */
	MarkdownTable row(String... cells) {
		if (cells.length != headers.size()) {
			throw new IllegalArgumentException(
					"a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
		}
		rows.add(Arrays.stream(cells).map(MarkdownTable::cell).toList());
		return this;
	}

	int rowCount() {
		return rows.size();
	}

	String render() {
		int[] widths = new int[headers.size()];
		for (int column = 0; column < widths.length; column++) {
			// At least 3 for the separator's dashes.
			widths[column] = Math.max(3, headers.get(column).length());
			for (List<String> row : rows) {
				widths[column] = Math.max(widths[column], row.get(column).length());
			}
		}
		StringBuilder table = new StringBuilder();
		line(table, headers, widths, left);
		List<String> separator = new ArrayList<>();
		for (int column = 0; column < widths.length; column++) {
			separator.add(left[column] ? "-".repeat(widths[column]) : "-".repeat(widths[column] - 1) + ":");
		}
		line(table, separator, widths, left);
		rows.forEach((row) -> line(table, row, widths, left));
		return table.toString();
	}

	private static void line(StringBuilder table, List<String> cells, int[] widths, boolean[] left) {
		table.append('|');
		for (int column = 0; column < widths.length; column++) {
			String cell = cells.get(column);
			String padding = " ".repeat(widths[column] - cell.length());
			table.append(' ').append(left[column] ? cell + padding : padding + cell).append(" |");
		}
		table.append('\n');
	}

	/** A pipe would end the cell and a line break the row. */
	private static String cell(String text) {
		return text.replace("|", "\\|").replace('\n', ' ');
	}

}
