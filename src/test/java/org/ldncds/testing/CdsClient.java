package org.ldncds.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one HTTP client of the tests: calls a running service as an EHR, a browser or an
 * attacker would, and reads its answers. Any method, body (JSON, bytes, a stream) and
 * headers; a bearer token when one is given, kept so that a test can check that none
 * reached the log; a raw socket when a header must be sent that the JDK's client would
 * replace ({@code Host}).
 *
 * <p>
 * It also holds what HTTP tests share: the published example call, request fixtures
 * ({@code src/test/resources/requests/}), small edits to JSON, and the CDS Hooks rule
 * that optional fields are never null or empty.
 */
public final class CdsClient {

	/** The order-select service of the published example. */
	public static final String SERVICE = "/cds-services/ldn-order-select";

	public static final String DISCOVERY = "/cds-services";

	public static final String FEEDBACK = "/cds-services/ldn-order-select/feedback";

	/** The 401 body: the same few words whatever was wrong with the token. */
	public static final String UNAUTHORIZED = "{\"error\":\"unauthorized\",\"detail\":\"a valid client token is required\"}";

	/**
	 * In request fixtures, where the FHIR server of the test goes
	 * ({@link #fixture(String, URI)}).
	 */
	public static final String FHIR_SERVER_PLACEHOLDER = "@FHIR_SERVER@";

	/** The published example call: LDN selected for a patient on oxycodone. */
	public static final String EXAMPLE_CALL = "examples/order-select-ldn-with-oxycodone.json";

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * Long enough for any answer; a hang fails the test instead of blocking the build.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** One client for all tests: Java 17's HttpClient cannot be closed. */
	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final URI base;

	private final Duration timeout;

	private final List<String> sentTokens = new CopyOnWriteArrayList<>();

	/** A client of the service listening on this port of localhost. */
	public CdsClient(int port) {
		this(URI.create("http://localhost:" + port), TIMEOUT);
	}

	/** A client of the service at this base URL ({@code http://host:port}). */
	public CdsClient(URI base) {
		this(base, TIMEOUT);
	}

	private CdsClient(URI base, Duration timeout) {
		this.base = base;
		this.timeout = timeout;
	}

	/** The same service, with a shorter wait for each answer. */
	public CdsClient withTimeout(Duration timeout) {
		return new CdsClient(base, timeout);
	}

	/** The absolute URL of a path, as a token names it in {@code aud}. */
	public String url(String path) {
		return base + path;
	}

	/** POSTs JSON to {@code /cds-services/{serviceId}}, without a token. */
	public Answer call(String serviceId, String json) {
		return post("/cds-services/" + serviceId, BodyPublishers.ofString(json), "Content-Type", "application/json");
	}

	/** POSTs the example call to the order-select service with this bearer token. */
	public Answer callService(String token, String... headers) {
		return post(SERVICE, exampleCall(), token, headers);
	}

	/** GETs without a token or other headers. */
	public Answer get(String path) {
		return send(path, "GET", BodyPublishers.noBody(), null);
	}

	/** GETs with this bearer token ({@code null}: no Authorization header). */
	public Answer get(String path, String token, String... headers) {
		return send(path, "GET", BodyPublishers.noBody(), token, headers);
	}

	/** POSTs JSON with this bearer token ({@code null}: no Authorization header). */
	public Answer post(String path, String json, String token, String... headers) {
		return send(path, "POST", BodyPublishers.ofString(json), token,
				concat(headers, "Content-Type", "application/json"));
	}

	/**
	 * POSTs a body with the headers given as name, value, name, value...; without a
	 * Content-Type among them, none is sent.
	 */
	public Answer post(String path, BodyPublisher body, String... headers) {
		return send(path, "POST", body, null, headers);
	}

	/** Any method, any headers (name, value, name, value...), any body. */
	public Answer send(String path, String method, BodyPublisher body, String token, String... headers) {
		URI uri = URI.create(base + path);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
		if (token != null) {
			sentTokens.add(token);
			request.header("Authorization", "Bearer " + token);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		try {
			var response = CLIENT.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Answer(method + " " + uri, response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * POSTs JSON over a plain socket, so that any {@code Host} header can be sent (the
	 * JDK's client sets its own): what a replayed token arrives with. Headers are name,
	 * value, name, value...
	 */
	public Answer rawPost(String path, String json, String token, String host, String... headers) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
		if (token != null) {
			sentTokens.add(token);
			request.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		request.append("Content-Type: application/json\r\nContent-Length: ")
			.append(body.length)
			.append("\r\nConnection: close\r\n\r\n");
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout((int) timeout.toMillis());
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(body);
			// One char per byte, so that chunk sizes (in bytes) can be counted in chars.
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			return RawResponse.parse("POST " + path + " (Host: " + host + ")", response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every bearer token sent so far. */
	public List<String> sentTokens() {
		return List.copyOf(sentTokens);
	}

	/**
	 * Asserts that no token sent, nor its signature, appears in the text (a log): a
	 * leaked token could be replayed by whoever reads the log.
	 */
	public void assertNoTokenIn(String log) {
		for (String token : sentTokens) {
			assertThat(log).as("the log").doesNotContain(token);
			String[] parts = token.split("\\.");
			if (parts.length == 3 && parts[2].length() >= 16) {
				assertThat(log).as("the log").doesNotContain(parts[2]);
			}
		}
	}

	private static String[] concat(String[] headers, String... more) {
		String[] all = new String[headers.length + more.length];
		System.arraycopy(headers, 0, all, 0, headers.length);
		System.arraycopy(more, 0, all, headers.length, more.length);
		return all;
	}

	// What HTTP tests share

	/**
	 * The valid order-select call of the README: complete prefetch, an opioid on record.
	 */
	public static String exampleCall() {
		return projectFile(EXAMPLE_CALL);
	}

	/** A request fixture of {@code src/test/resources/requests/}, by file name. */
	public static String fixture(String name) {
		try (InputStream in = CdsClient.class.getResourceAsStream("/requests/" + name)) {
			assertThat(in).as("fixture requests/%s", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A request fixture whose {@value #FHIR_SERVER_PLACEHOLDER} is replaced by the FHIR
	 * server of the test.
	 */
	public static String fixture(String name, URI fhirServer) {
		return fixture(name).replace(FHIR_SERVER_PLACEHOLDER, fhirServer.toString());
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
			throw new AssertionError("not JSON: " + json, ex);
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

	/** Reads an HTTP/1.1 answer as written on the wire (fixed length or chunked). */
	private static final class RawResponse {

		static Answer parse(String request, String response) {
			int headerEnd = response.indexOf("\r\n\r\n");
			String[] lines = response.substring(0, headerEnd).split("\r\n");
			int status = Integer.parseInt(lines[0].substring(9, 12));
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.computeIfAbsent(lines[i].substring(0, colon).strip(), (name) -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).strip());
			}
			String body = response.substring(headerEnd + 4);
			if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
				body = unchunk(body);
			}
			body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
			return new Answer(request, status, HttpHeaders.of(headers, (name, value) -> true), body);
		}

		private static String unchunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (true) {
				int lineEnd = chunked.indexOf("\r\n", at);
				int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
				if (size == 0) {
					return body.toString();
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
		}

	}

	/**
	 * What came back.
	 *
	 * @param request the method and URL asked, for messages
	 * @param status the HTTP status
	 * @param headers the response headers
	 * @param body the body, as text
	 */
	public record Answer(String request, int status, HttpHeaders headers, String body) {

		public Optional<String> header(String name) {
			return headers.firstValue(name);
		}

		/** The Content-Type, or "" when there is none. */
		public String contentType() {
			return header("Content-Type").orElse("");
		}

		/** The body as JSON, which the Content-Type must announce. */
		public JsonNode json() {
			assertThat(contentType()).as("Content-Type of %s", body).startsWith("application/json");
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

		/** Each card's indicator and summary, whatever the status. */
		public List<ShownCard> shownCards() {
			List<ShownCard> cards = new ArrayList<>();
			parse(body).path("cards")
				.forEach((card) -> cards
					.add(new ShownCard(card.path("indicator").asText(), card.path("summary").asText())));
			return cards;
		}

		/** The error code of a refusal. */
		public String error() {
			return parse(body).path("error").asText();
		}

		/** The detail of a refusal. */
		public String detail() {
			return parse(body).path("detail").asText();
		}

		/** The prefetch keys a 412 names. */
		public List<String> missingPrefetch() {
			List<String> keys = new ArrayList<>();
			parse(body).path("missingPrefetch").forEach((key) -> keys.add(key.asText()));
			return keys;
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

		/** The short 401, exactly, that says nothing of why the token was refused. */
		public void assertUnauthorized() {
			assertThat(status).as("status of %s", body).isEqualTo(401);
			assertThat(body).isEqualTo(UNAUTHORIZED);
			assertThat(header("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(header("WWW-Authenticate")).hasValue("Bearer");
		}

		/** A 200 with a critical card about the opioid: the example call was answered. */
		public JsonNode assertCriticalOpioidCard() {
			assertThat(status).as("status of %s", body).isEqualTo(200);
			JsonNode cards = json().path("cards");
			assertThat(cards).as("cards of %s", body)
				.anySatisfy((card) -> assertThat(card.path("indicator").asText()).isEqualTo("critical"));
			return cards;
		}

	}

	/**
	 * A card as the EHR would show it first: its indicator and summary.
	 *
	 * @param indicator critical, warning or info
	 * @param summary the one line
	 */
	public record ShownCard(String indicator, String summary) {

		public boolean isCritical() {
			return "critical".equals(indicator);
		}

	}

}
