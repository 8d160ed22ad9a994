package org.ldncds.knowledge;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An optional FHIR terminology server, asked {@code ValueSet/$validate-code} for a code
 * the knowledge base does not hold, so that a site whose server has SNOMED CT (and the
 * project's value sets loaded) gets full subsumption. Every question is time-boxed;
 * definite answers are cached, a failure or a late answer is "unknown" and is not cached.
 */
public final class TerminologyServer {

	/** What the server said about one code and one value set. */
	public enum Answer {

		MEMBER, NOT_MEMBER, UNKNOWN

	}

	private static final Logger log = LoggerFactory.getLogger(TerminologyServer.class);

	private final URI baseUrl;

	private final Duration timeout;

	private final HttpClient http;

	private final IParser parser;

	private final Cache<String, Boolean> answers;

	public TerminologyServer(URI baseUrl, Duration timeout, long cacheSize, Duration cacheTtl, FhirContext fhir) {
		this.baseUrl = URI.create(baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/");
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.parser = fhir.newJsonParser();
		this.answers = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheTtl).build();
	}

	/**
	 * For each value set (by canonical URL), whether the server says the code is in it.
	 * The questions not in the cache are asked at once, and all of them within the
	 * timeout.
	 */
	public Map<String, Answer> validate(Collection<String> valueSetUrls, String system, String code) {
		Map<String, Answer> result = new LinkedHashMap<>();
		Map<String, CompletableFuture<Answer>> asked = new HashMap<>();
		for (String url : valueSetUrls) {
			Boolean cached = answers.getIfPresent(cacheKey(url, system, code));
			if (cached != null) {
				result.put(url, cached ? Answer.MEMBER : Answer.NOT_MEMBER);
			}
			else {
				asked.put(url, ask(url, system, code));
			}
		}
		if (asked.isEmpty()) {
			return result;
		}
		CompletableFuture<Void> all = CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new));
		try {
			all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			log.warn("Terminology server {} did not answer {} $validate-code questions within {} ms", baseUrl,
					asked.size(), timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		asked.forEach((url, future) -> {
			Answer answer = future.isDone() && !future.isCompletedExceptionally() ? future.join() : Answer.UNKNOWN;
			if (answer != Answer.UNKNOWN) {
				answers.put(cacheKey(url, system, code), answer == Answer.MEMBER);
			}
			future.cancel(true);
			result.put(url, answer);
		});
		return result;
	}

	private CompletableFuture<Answer> ask(String valueSetUrl, String system, String code) {
		URI uri = baseUrl.resolve("ValueSet/$validate-code?url=" + encode(valueSetUrl) + "&system=" + encode(system)
				+ "&code=" + encode(code));
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Accept", "application/fhir+json")
			.GET()
			.build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.thenApply(this::answerOf)
			.exceptionally((failure) -> {
				log.warn("Terminology server {} failed: {}", baseUrl, failure.getClass().getSimpleName());
				return Answer.UNKNOWN;
			});
	}

	private Answer answerOf(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			log.warn("Terminology server {} answered $validate-code with HTTP {}", baseUrl, response.statusCode());
			return Answer.UNKNOWN;
		}
		try {
			return resultOf(parser.parseResource(Parameters.class, response.body()))
				.map((member) -> member ? Answer.MEMBER : Answer.NOT_MEMBER)
				.orElse(Answer.UNKNOWN);
		}
		catch (DataFormatException ex) {
			log.warn("Terminology server {} answered $validate-code with something other than Parameters", baseUrl);
			return Answer.UNKNOWN;
		}
	}

	private static Optional<Boolean> resultOf(Parameters parameters) {
		return parameters.getParameter()
			.stream()
			.filter((parameter) -> "result".equals(parameter.getName()))
			.filter((parameter) -> parameter.getValue() instanceof BooleanType)
			.map((parameter) -> ((BooleanType) parameter.getValue()).getValue())
			.filter((value) -> value != null)
			.findFirst();
	}

	private static String cacheKey(String valueSetUrl, String system, String code) {
		return valueSetUrl + "|" + system + "|" + code;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
	}

}
