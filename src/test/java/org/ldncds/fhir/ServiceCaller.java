package org.ldncds.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls the service under test as an EHR would, with a request body from
 * {@code src/test/resources/requests/} in which {@value #FHIR_SERVER_PLACEHOLDER} is
 * replaced by the FHIR server of the test.
 */
final class ServiceCaller {

	static final String FHIR_SERVER_PLACEHOLDER = "@FHIR_SERVER@";

	/**
	 * Long enough for any answer; a hang fails the test instead of blocking the build.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final URI services;

	ServiceCaller(int port) {
		this.services = URI.create("http://localhost:" + port + "/cds-services/");
	}

	/** Calls the service with the request named, sent to the FHIR server given. */
	Answer call(String serviceId, String request, URI fhirServer) {
		return post(serviceId, requestBody(request).replace(FHIR_SERVER_PLACEHOLDER, fhirServer.toString()));
	}

	/** Calls the service with the request named, which names no FHIR server. */
	Answer call(String serviceId, String request) {
		String body = requestBody(request);
		if (body.contains(FHIR_SERVER_PLACEHOLDER)) {
			throw new IllegalArgumentException(request + " needs a FHIR server");
		}
		return post(serviceId, body);
	}

	/** Calls the service with this body, as is. */
	Answer callWithBody(String serviceId, String body) {
		return post(serviceId, body);
	}

	private Answer post(String serviceId, String body) {
		HttpRequest request = HttpRequest.newBuilder(services.resolve(serviceId))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), JSON.readTree(response.body()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A request of {@code src/test/resources/requests/}, placeholders left in. */
	static String requestBody(String name) {
		try (InputStream in = ServiceCaller.class.getResourceAsStream("/requests/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No request src/test/resources/requests/" + name + ".json");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The service's answer: an HTTP status and a JSON body. */
	record Answer(int status, JsonNode body) {

		List<ShownCard> cards() {
			return StreamSupport.stream(body.path("cards").spliterator(), false)
				.map((card) -> new ShownCard(card.path("indicator").asText(), card.path("summary").asText()))
				.toList();
		}

		String error() {
			return body.path("error").asText();
		}

		String detail() {
			return body.path("detail").asText();
		}

		List<String> missingPrefetch() {
			return StreamSupport.stream(body.path("missingPrefetch").spliterator(), false)
				.map(JsonNode::asText)
				.toList();
		}

	}

	/** A card as the EHR would show it. */
	record ShownCard(String indicator, String summary) {

		boolean isCritical() {
			return "critical".equals(indicator);
		}

	}

}
