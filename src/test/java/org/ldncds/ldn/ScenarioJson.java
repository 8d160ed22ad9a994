package org.ldncds.ldn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads and writes scenario files. Numbers keep the text they were written with, and
 * files are written as they are laid out by hand (two spaces, one array element a line,
 * characters unescaped), so that rewriting the expectations leaves the request untouched.
 */
final class ScenarioJson {

	private static final ObjectMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	private ScenarioJson() {
	}

	static JsonNode read(Path file) {
		try {
			return JSON.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	static JsonNode read(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("not JSON: " + json, ex);
		}
	}

	static ObjectMapper mapper() {
		return JSON;
	}

	static void write(Path file, JsonNode document) {
		try {
			Files.writeString(file, pretty(document) + "\n", StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	/** The JSON laid out as scenario files are: two spaces, one element a line. */
	static String pretty(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, "", out);
		return out.toString();
	}

	private static void write(JsonNode node, String indent, StringBuilder out) {
		String inner = indent + "  ";
		if (node.isObject() && !node.isEmpty()) {
			out.append("{\n");
			Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				out.append(inner);
				string(field.getKey(), out);
				out.append(": ");
				write(field.getValue(), inner, out);
				out.append(fields.hasNext() ? ",\n" : "\n");
			}
			out.append(indent).append('}');
		}
		else if (node.isArray() && !node.isEmpty()) {
			out.append("[\n");
			for (int i = 0; i < node.size(); i++) {
				out.append(inner);
				write(node.get(i), inner, out);
				out.append((i + 1 < node.size()) ? ",\n" : "\n");
			}
			out.append(indent).append(']');
		}
		else if (node.isObject()) {
			out.append("{}");
		}
		else if (node.isArray()) {
			out.append("[]");
		}
		else if (node.isTextual()) {
			string(node.asText(), out);
		}
		else {
			out.append(node);
		}
	}

	private static void string(String text, StringBuilder out) {
		out.append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
