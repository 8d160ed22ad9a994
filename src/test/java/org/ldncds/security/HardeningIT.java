package org.ldncds.security;

import java.net.http.HttpRequest.BodyPublishers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.DISCOVERY;
import static org.ldncds.testing.CdsClient.FEEDBACK;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * The limits on what a caller may send (set small here), each answered with a 400 that
 * names what was too big, while the hostile body is read and before it costs memory or
 * stack. The body-size limit (413) is tested in ServiceCallErrorsIT.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ldn.hooks.max-json-depth=20",
		"ldn.hooks.max-string-length=200", "ldn.hooks.max-bundle-entries=2" })
class HardeningIT {

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@Test
	void answersTheExampleWithinTheseLimits() {
		http.callService(null).assertCriticalOpioidCard();
	}

	@Test
	void refusesJsonNestedDeeperThanTheLimit() {
		// The call and its extension field are 2 deep: 19 more is 21.
		assertRefused(http.post(SERVICE, withExtension(nested(19)), null), "nesting depth", "20");
		assertRefused(http.post(SERVICE, withExtension(nested(100_000)), null), "nesting depth");
		assertRefused(http.post(SERVICE, "[".repeat(1_000_000), null), "nesting depth");
	}

	@Test
	void acceptsJsonNestedExactlyToTheLimit() {
		http.post(SERVICE, withExtension(nested(18)), null).assertCriticalOpioidCard();
	}

	@Test
	void refusesAStringLongerThanTheLimit() {
		assertRefused(http.post(SERVICE, withExtension("\"" + "x".repeat(201) + "\""), null), "String value length",
				"200");
		http.post(SERVICE, withExtension("\"" + "x".repeat(200) + "\""), null).assertCriticalOpioidCard();
	}

	@Test
	void refusesANumberOfMoreThan100Digits() {
		assertRefused(http.post(SERVICE, withExtension("1" + "0".repeat(100)), null), "Number value length");
	}

	@Test
	void refusesDraftOrdersWithMoreEntriesThanTheLimit() {
		JsonNode call = CdsClient.parse(CdsClient.exampleCall());
		var entries = (com.fasterxml.jackson.databind.node.ArrayNode) call.path("context")
			.path("draftOrders")
			.path("entry");
		entries.add(entries.get(0).deepCopy());
		entries.add(entries.get(0).deepCopy());

		assertRefused(http.post(SERVICE, call.toString(), null), "context.draftOrders has more than 2 entries",
				"ldn.hooks.max-bundle-entries");
	}

	@Test
	void refusesAPrefetchBundleWithMoreEntriesThanTheLimit() {
		JsonNode call = CdsClient.parse(CdsClient.exampleCall());
		var entries = (com.fasterxml.jackson.databind.node.ArrayNode) call.path("prefetch")
			.path("medications")
			.path("entry");
		while (entries.size() <= 2) {
			entries.add(entries.get(0).deepCopy());
		}

		assertRefused(http.post(SERVICE, call.toString(), null), "prefetch.medications has more than 2 entries",
				"ldn.hooks.max-bundle-entries");
	}

	@Test
	void appliesTheJsonLimitsToFeedbackToo() {
		assertRefused(http.post(FEEDBACK, "{\"feedback\": " + nested(100) + "}", null), "nesting depth");
		assertRefused(http.post(FEEDBACK, "{\"feedback\": [\"" + "x".repeat(201) + "\"]}", null),
				"String value length");
	}

	@Test
	void answersInJsonWhatTomcatRefusesBeforeTheApplication() {
		// Over Tomcat's 8 KB of headers, and a URI that is not UTF-8 or hides a '/'.
		assertContainerRefusal(http.get(DISCOVERY, "x".repeat(9000)));
		assertContainerRefusal(http.post("/cds-services/%C0%AE%C0%AE", "{}", null));
		assertContainerRefusal(http.get("/cds-services/a%2Fb", null));
		assertContainerRefusal(http.get("/cds-services/%00", null));
	}

	@Test
	void refusesTraceWithoutEchoingTheRequest() {
		CdsClient.Answer answer = http.send(DISCOVERY, "TRACE", BodyPublishers.noBody(), "secret-token");

		assertThat(answer.status()).isEqualTo(405);
		assertThat(answer.body()).doesNotContain("secret-token", "Authorization");
	}

	@Test
	void neverParsesAMultipartBody() {
		for (String contentType : new String[] { "multipart/form-data", "multipart/form-data; boundary=x",
				"multipart/mixed" }) {
			CdsClient.Answer answer = http.send(SERVICE, "POST", BodyPublishers.ofString(CdsClient.exampleCall()), null,
					"Content-Type", contentType);
			assertThat(answer.status()).as(contentType).isEqualTo(415);
			assertThat(answer.json().path("error").asText()).isEqualTo("unsupported_media_type");
		}
	}

	@Test
	void refusesMediaTypeHeadersSpringCannotParseInJson() {
		// Spring's parser once threw a StringIndexOutOfBoundsException on "/!: a 500.
		for (String contentType : new String[] { "\"/!", "/", "application/" }) {
			CdsClient.Answer answer = http.send(SERVICE, "POST", BodyPublishers.ofString(CdsClient.exampleCall()), null,
					"Content-Type", contentType);
			assertThat(answer.status()).as(contentType).isEqualTo(415);
			assertThat(answer.json().path("error").asText()).isEqualTo("unsupported_media_type");
		}
		for (String method : new String[] { "PUT", "PATCH", "DELETE" }) {
			// Spring's form filter parses these methods' Content-Type before any handler.
			CdsClient.Answer answer = http.send(SERVICE, method, BodyPublishers.ofString("a=b"), null, "Content-Type",
					"\"/!");
			assertThat(answer.status()).as(method).isEqualTo(415);
		}
		CdsClient.Answer answer = http.get(DISCOVERY, null, "Accept", "\"/!");
		assertThat(answer.status()).isEqualTo(406);
		assertThat(answer.json().path("error").asText()).isEqualTo("not_acceptable");
	}

	private static void assertContainerRefusal(CdsClient.Answer answer) {
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().path("error").asText()).isEqualTo("invalid_request");
		assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(answer.header("Cache-Control")).hasValue("no-store");
		assertThat(answer.body()).doesNotContain("Tomcat", "<html");
	}

	private static void assertRefused(CdsClient.Answer answer, String... detailMentions) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		JsonNode json = answer.json();
		assertThat(json.path("error").asText()).isEqualTo("invalid_request");
		assertThat(json.path("detail").asText()).contains(detailMentions);
		assertThat(answer.body()).doesNotContain("Exception", "at org.", "at com.");
	}

	/** The example call with an extension field holding this JSON. */
	private static String withExtension(String json) {
		String call = CdsClient.exampleCall().strip();
		return "{\"extension\": {\"org.example.x\": " + json + "}, " + call.substring(1);
	}

	/** Arrays nested this deep around nothing: {@code [[[]]]} is 3. */
	private static String nested(int depth) {
		return "[".repeat(depth) + "]".repeat(depth);
	}

}
