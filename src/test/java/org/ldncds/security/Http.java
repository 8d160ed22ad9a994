package org.ldncds.security;

import java.io.IOException;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the running service over real HTTP, as an EHR or a browser would, with any
 * headers, and keeps every bearer token it sent so that a test can check none of them
 * reached the log.
 */
final class Http {

	static final String SERVICE = "/cds-services/ldn-order-select";

	static final String DISCOVERY = "/cds-services";

	static final String FEEDBACK = "/cds-services/ldn-order-select/feedback";

	/** The 401 body: the same few words whatever was wrong with the token. */
	static final String UNAUTHORIZED = "{\"error\":\"unauthorized\",\"detail\":\"a valid client token is required\"}";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** One client for all tests: Java 17's HttpClient cannot be closed. */
	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final String base;

	private final List<String> sentTokens = new CopyOnWriteArrayList<>();

	Http(int port) {
		this.base = "http://localhost:" + port;
	}

	/** The absolute URL of a path, as a token names it in {@code aud}. */
	String url(String path) {
		return base + path;
	}

	/**
	 * The valid order-select call of the README: complete prefetch, an opioid on record.
	 */
	static String exampleCall() {
		try {
			return Files.readString(Path.of("examples/order-select-ldn-with-oxycodone.json"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** POSTs the example call to the order-select service with this bearer token. */
	Answer callService(String token, String... headers) {
		return post(SERVICE, exampleCall(), token, headers);
	}

	/** POSTs JSON with this bearer token ({@code null}: no Authorization header). */
	Answer post(String path, String json, String token, String... headers) {
		return send(path, "POST", BodyPublishers.ofString(json), token,
				concat(headers, "Content-Type", "application/json"));
	}

	/** GETs with this bearer token ({@code null}: no Authorization header). */
	Answer get(String path, String token, String... headers) {
		return send(path, "GET", BodyPublishers.noBody(), token, headers);
	}

	/** Any method, any headers (name, value, name, value...), any body. */
	Answer send(String path, String method, BodyPublisher body, String token, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(TIMEOUT)
			.method(method, body);
		if (token != null) {
			sentTokens.add(token);
			request.header("Authorization", "Bearer " + token);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		try {
			var response = CLIENT.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Answer(response.statusCode(), response.headers(), response.body());
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
	Answer rawPost(String path, String json, String token, String host, String... headers) {
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
		URI uri = URI.create(base);
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(body);
			// One char per byte, so that chunk sizes (in bytes) can be counted in chars.
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			return RawResponse.parse(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every bearer token sent so far. */
	List<String> sentTokens() {
		return List.copyOf(sentTokens);
	}

	/**
	 * Asserts that no token sent, nor its signature, appears in the text (a log): a
	 * leaked token could be replayed by whoever reads the log.
	 */
	void assertNoTokenIn(String log) {
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

	static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new AssertionError("not JSON: " + json, ex);
		}
	}

	/** Reads an HTTP/1.1 answer as written on the wire (fixed length or chunked). */
	private static final class RawResponse {

		static Answer parse(String response) {
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
			return new Answer(status, HttpHeaders.of(headers, (name, value) -> true), body);
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

	/** What came back. */
	record Answer(int status, HttpHeaders headers, String body) {

		Optional<String> header(String name) {
			return headers.firstValue(name);
		}

		JsonNode json() {
			assertThat(header("Content-Type")).as("Content-Type of %s", body)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			return parse(body);
		}

		/** The short 401, exactly, that says nothing of why the token was refused. */
		void assertUnauthorized() {
			assertThat(status).as("status of %s", body).isEqualTo(401);
			assertThat(body).isEqualTo(UNAUTHORIZED);
			assertThat(header("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(header("WWW-Authenticate")).hasValue("Bearer");
		}

		/** A 200 with a critical card about the opioid: the example call was answered. */
		JsonNode assertCriticalOpioidCard() {
			assertThat(status).as("status of %s", body).isEqualTo(200);
			JsonNode cards = json().path("cards");
			assertThat(cards).as("cards of %s", body)
				.anySatisfy((card) -> assertThat(card.path("indicator").asText()).isEqualTo("critical"));
			return cards;
		}

	}

}
