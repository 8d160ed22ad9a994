package org.ldncds.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls a running service over real HTTP, as an EHR would, and reads its JSON answers.
 * Also holds the JSON helpers the HTTP tests share: request fixtures, small edits to
 * them, and the CDS Hooks rule that optional fields are never null or empty.
 */
public final class CdsHooksHttp {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** One client for all tests: Java 17's HttpClient cannot be closed. */
	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final URI base;

	public CdsHooksHttp(int port) {
		this.base = URI.create("http://localhost:" + port);
	}

	public Answer get(String path) {
		return send(request(path).GET());
	}

	/** POSTs JSON to {@code /cds-services/{serviceId}}. */
	public Answer call(String serviceId, String json) {
		return post("/cds-services/" + serviceId, BodyPublishers.ofString(json), "Content-Type", "application/json");
	}

	/**
	 * POSTs a body with the headers given as name, value, name, value...; without a
	 * Content-Type among them, none is sent.
	 */
	public Answer post(String path, BodyPublisher body, String... headers) {
		HttpRequest.Builder request = request(path).POST(body);
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
	}

	private Answer send(HttpRequest.Builder request) {
		try {
			var response = CLIENT.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A request fixture of {@code src/test/resources/requests/}. */
	public static String fixture(String name) {
		try (InputStream in = CdsHooksHttp.class.getResourceAsStream("/requests/" + name)) {
			assertThat(in).as("fixture requests/%s", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A file of the project, such as the examples EHR integrators copy. */
	public static String projectFile(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The JSON with the field at a dotted path ({@code context.draftOrders}) set to the
	 * given JSON value.
	 */
	public static String with(String json, String path, String valueJson) {
		ObjectNode root = object(json);
		parentOf(root, path).set(lastName(path), parse(valueJson));
		return root.toString();
	}

	/** The JSON without the field at a dotted path. */
	public static String without(String json, String path) {
		ObjectNode root = object(json);
		assertThat(parentOf(root, path).remove(lastName(path))).as("field %s to remove", path).isNotNull();
		return root.toString();
	}

	public static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("not JSON: " + json, ex);
		}
	}

	private static ObjectNode object(String json) {
		return (ObjectNode) parse(json);
	}

	private static ObjectNode parentOf(ObjectNode root, String path) {
		ObjectNode parent = root;
		String[] names = path.split("\\.");
		for (int i = 0; i < names.length - 1; i++) {
			parent = (ObjectNode) parent.get(names[i]);
		}
		return parent;
	}

	private static String lastName(String path) {
		return path.substring(path.lastIndexOf('.') + 1);
	}

	/**
	 * CDS Hooks leaves empty optional fields out: no {@code null}, {@code ""}, {@code []}
	 * or <code>{}</code> anywhere, except a top-level {@code cards} with nothing to say.
	 */
	public static void assertNoNullOrEmptyValues(JsonNode root) {
		List<String> problems = new ArrayList<>();
		collectNullOrEmpty(root, "$", problems);
		assertThat(problems).as("null or empty values in %s", root).isEmpty();
	}

	private static void collectNullOrEmpty(JsonNode node, String path, List<String> problems) {
		if (node.isNull()) {
			problems.add(path + " is null");
		}
		else if (node.isTextual() && node.asText().isEmpty()) {
			problems.add(path + " is an empty string");
		}
		else if (node.isContainerNode() && node.isEmpty() && !path.equals("$.cards")) {
			problems.add(path + " is empty");
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collectNullOrEmpty(node.get(i), path + "[" + i + "]", problems);
			}
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				collectNullOrEmpty(field.getValue(), path + "." + field.getKey(), problems);
			}
		}
	}

	/** What came back: status, Content-Type and body. */
	public record Answer(int status, String contentType, String body) {

		public JsonNode json() {
			assertThat(contentType).as("Content-Type of %s", body).startsWith("application/json");
			return parse(body);
		}

		/**
		 * The body of a successful call: its {@code cards}, checked for CDS Hooks form.
		 */
		public JsonNode cards() {
			assertThat(status).as("status of %s", body).isEqualTo(200);
			JsonNode json = json();
			assertNoNullOrEmptyValues(json);
			assertThat(json.path("cards").isArray()).as("cards array in %s", body).isTrue();
			return json.get("cards");
		}

		/**
		 * Asserts a refusal: the status, a JSON body with the error code and a detail
		 * mentioning each of the words given, and nothing of a stack trace.
		 */
		public JsonNode assertRefused(int expectedStatus, String expectedError, String... detailMentions) {
			assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
			assertThat(body).doesNotContain("Exception", "at org.", "stackTrace");
			JsonNode json = json();
			assertNoNullOrEmptyValues(json);
			assertThat(json.path("error").asText()).as("error of %s", body).isEqualTo(expectedError);
			assertThat(json.path("detail").asText()).as("detail of %s", body).isNotBlank();
			for (String mention : detailMentions) {
				assertThat(json.path("detail").asText()).as("detail of %s", body).contains(mention);
			}
			return json;
		}

	}

}
