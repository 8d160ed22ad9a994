package org.ldncds.security;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.ldncds.LdnCdsApplication;
import org.ldncds.security.HostileInputs.Body;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Thousands of hostile requests against the real HTTP endpoints of a running service:
 * mutations of a valid call, random JSON, random CDS Hooks-shaped calls, random methods
 * and headers, and (with authentication on) hostile Authorization headers. Whatever
 * arrives, the service answers within a timeout, never with a 5xx or a stack trace,
 * refuses in JSON naming an error, and still answers a valid call afterwards.
 * <p>
 * jqwik prints the seed of a failing property; rerun it with
 * {@code @Property(seed = "...")}.
 */
class HostileInputFuzzIT {

	private static final Logger log = LoggerFactory.getLogger(HostileInputFuzzIT.class);

	/** Far above any honest answer: a request still open then is a hang. */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String VALID_CALL = CdsClient.exampleCall();

	/**
	 * Above Tomcat's limit on the request line and headers together (8 KB): such a
	 * request is refused before the application sees it.
	 */
	private static final int MAX_HEADER_BYTES = 10 * 1024;

	private static final String TRUSTED = "https://fuzz-ehr.example.org";

	private static final RSAKey TRUSTED_KEY = TestKeys.rsa();

	private static final ECKey UNTRUSTED_KEY = TestKeys.ec();

	private static final RSAKey UNTRUSTED_RSA_KEY = TestKeys.rsa(TRUSTED_KEY.getKeyID());

	private static JwksServer trustedJwks;

	private static JwksServer evilJwks;

	/** Authentication off: every body reaches the parser and the rules. */
	private static ConfigurableApplicationContext open;

	/** Authentication on, one trusted client. */
	private static ConfigurableApplicationContext secured;

	private static URI openBase;

	private static URI securedBase;

	private static final AtomicInteger requests = new AtomicInteger();

	/** How many answers of each status, to show how deep the requests reached. */
	private static final Map<Integer, AtomicInteger> statuses = new ConcurrentSkipListMap<>();

	private static Instant started;

	@BeforeContainer
	static void startServices() {
		started = Instant.now();
		trustedJwks = JwksServer.serving(TRUSTED_KEY);
		evilJwks = JwksServer.serving(UNTRUSTED_KEY, UNTRUSTED_RSA_KEY);
		// Arguments, not default properties: those lose to application.yaml.
		open = new SpringApplicationBuilder(LdnCdsApplication.class).run("--server.port=0",
				"--ldn.security.enabled=false", "--ldn.fhir.connect-timeout=300ms", "--ldn.fhir.read-timeout=500ms",
				"--ldn.fhir.total-budget=1s");
		openBase = baseOf(open);
		secured = new SpringApplicationBuilder(LdnCdsApplication.class).run("--server.port=0",
				"--ldn.security.enabled=true", "--ldn.security.clients[0].issuer=" + TRUSTED,
				"--ldn.security.clients[0].jwks-url=" + trustedJwks.url(),
				"--ldn.security.clients[0].jku-allow-list=" + trustedJwks.url());
		securedBase = baseOf(secured);
	}

	@AfterContainer
	static void stopServices() {
		try {
			if (open != null) {
				assertValidCallAnswered(openBase, null);
			}
		}
		finally {
			if (open != null) {
				open.close();
			}
			if (secured != null) {
				secured.close();
			}
			if (trustedJwks != null) {
				trustedJwks.close();
			}
			if (evilJwks != null) {
				evilJwks.close();
			}
			log.info("{} requests in {} s; answers by status: {}", requests.get(),
					Duration.between(started, Instant.now()).toSeconds(), statuses);
		}
	}

	@AfterProperty
	void stillAnswersAValidCall() {
		assertValidCallAnswered(openBase, null);
		assertValidCallAnswered(securedBase, validToken());
		assertThat(evilJwks.requestCount()).as("requests to a JWK Set no client trusts").isZero();
	}

	// Bodies, authentication off

	@Property(tries = 1000)
	void mutatedValidCalls(@ForAll("mutatedCalls") Body body, @ForAll("services") String service) {
		assertSane(send(openBase, "POST", service, body, null, "Content-Type", "application/json"));
	}

	@Provide
	Arbitrary<Body> mutatedCalls() {
		return HostileInputs.mutatedCalls(VALID_CALL);
	}

	@Property(tries = 500)
	void randomJsonAndCdsHooksShapedCalls(@ForAll("randomBodies") Body body, @ForAll("services") String service) {
		assertSane(send(openBase, "POST", service, body, null, "Content-Type", "application/json"));
	}

	@Provide
	Arbitrary<Body> randomBodies() {
		return Arbitraries.frequencyOf(Tuple.of(2, HostileInputs.randomJson()),
				Tuple.of(3, HostileInputs.randomCalls()), Tuple.of(1, HostileInputs.randomBytes()));
	}

	@Property(tries = 400)
	void randomMethodsAndHeaders(@ForAll("methods") String method, @ForAll("paths") String path,
			@ForAll("contentTypes") String contentType, @ForAll("accepts") String accept,
			@ForAll("extraHeaders") List<Tuple2<String, String>> extraHeaders, @ForAll("headerBodies") Body body) {
		List<String> headers = new ArrayList<>();
		if (contentType != null) {
			headers.addAll(List.of("Content-Type", contentType));
		}
		if (accept != null) {
			headers.addAll(List.of("Accept", accept));
		}
		extraHeaders.forEach((header) -> headers.addAll(List.of(header.get1(), header.get2())));
		assertSane(send(openBase, method, path, body, null, headers.toArray(String[]::new)));
	}

	@Provide
	Arbitrary<String> services() {
		return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("ldn-order-select")),
				Tuple.of(1, Arbitraries.of("ldn-order-sign", "ldn-patient-view", "ldn-order-select/feedback")));
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("POST")),
				Tuple.of(1, Arbitraries.of("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "FOO")));
	}

	@Provide
	Arbitrary<String> paths() {
		return Arbitraries.of("/cds-services/ldn-order-select", "/cds-services/ldn-order-select",
				"/cds-services/ldn-order-sign", "/cds-services/ldn-patient-view",
				"/cds-services/ldn-order-select/feedback", "/cds-services", "/cds-services/no-such-service",
				"/cds-services/ldn-order-select;x=1", "/cds-services/%C0%AE%C0%AE");
	}

	@Provide
	Arbitrary<String> contentTypes() {
		return Arbitraries.frequencyOf(Tuple.of(4,
				Arbitraries.of("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
						"application/json; charset=ISO-8859-1", "application/json; charset=UTF-16",
						"application/json; charset=bogus", "application/json; charset=", "application/json;;;",
						"APPLICATION/JSON", "application/fhir+json", "application/json-patch+json", "text/plain",
						"text/json", "application/xml", "application/x-www-form-urlencoded",
						"multipart/form-data; boundary=x", "multipart/form-data", "*/*", "application/*", "", "json",
						"/", "application/", "application/json; boundary=\"", "application/json, text/plain")),
				Tuple.of(1, headerValues()), Tuple.of(1, Arbitraries.just(null)));
	}

	@Provide
	Arbitrary<String> accepts() {
		return Arbitraries.frequencyOf(Tuple.of(4,
				Arbitraries.of("application/json", "*/*", "text/html", "application/xml", "application/json;q=0",
						"text/*", "", "application/json, */*;q=0.1", "image/png", "*", "application/json;q=x", "\"")),
				Tuple.of(1, headerValues()), Tuple.of(2, Arbitraries.just(null)));
	}

	@Provide
	Arbitrary<List<Tuple2<String, String>>> extraHeaders() {
		Arbitrary<String> names = Arbitraries.of("X-Forwarded-For", "Forwarded", "Origin", "Authorization",
				"Content-Encoding", "Accept-Charset", "Accept-Encoding", "Accept-Language", "X-HTTP-Method-Override",
				"Cookie", "Range", "If-None-Match", "Access-Control-Request-Method", "X-LDN-CDS-Authentication");
		return Combinators.combine(names, headerValues()).as(Tuple::of).list().ofMaxSize(4);
	}

	@Provide
	Arbitrary<Body> headerBodies() {
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Body.of(VALID_CALL))),
				Tuple.of(2, HostileInputs.mutatedCalls(VALID_CALL)), Tuple.of(1, HostileInputs.randomBytes()),
				Tuple.of(1, Arbitraries.just(new Body(new byte[0]))));
	}

	/** What an HTTP client can put in a header: visible ASCII, space, tab and Latin-1. */
	private static Arbitrary<String> headerValues() {
		return Arbitraries.strings()
			.withCharRange(' ', '~')
			.withChars('\t')
			.withCharRange('\u00a0', '\u00ff')
			.ofMaxLength(200);
	}

	// Authorization, authentication on

	@Property(tries = 500)
	void hostileAuthorizationHeaders(@ForAll("hostileAuthorizations") String authorization) {
		if (authorization != null && authorization.length() > MAX_HEADER_BYTES) {
			// Tomcat refuses it before the application sees it,
			// and closes the connection: while the client is
			// still sending, the 400 may be lost in the reset.
			try {
				Answer response = send(securedBase, "POST", "ldn-order-select", Body.of(VALID_CALL), authorization,
						"Content-Type", "application/json");
				assertSane(response);
				assertThat(response.status()).as("status of %s", response.body()).isEqualTo(400);
			}
			catch (ConnectionClosed closed) {
				// Refused at once: not a hang.
			}
			return;
		}
		Answer response = send(securedBase, "POST", "ldn-order-select", Body.of(VALID_CALL), authorization,
				"Content-Type", "application/json");
		assertSane(response);
		assertThat(response.status()).as("status of %s", response.body()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(CdsClient.UNAUTHORIZED);
	}

	/** Ways a token can be wrong, each enough on its own to refuse it. */
	enum Fault {

		WRONG_ISSUER, WRONG_AUDIENCE, EXPIRED, NOT_YET_VALID, ISSUED_IN_FUTURE, TOO_LONG, NO_JTI, NO_EXP, NO_IAT,
		NO_ISS, NO_AUD, EXP_AS_TEXT, ISS_AS_NUMBER, UNTRUSTED_KEY, UNTRUSTED_KEY_SAME_KID, UNTRUSTED_EMBEDDED_JWK,
		ALG_NONE, HS256_WITH_PUBLIC_KEY, RS256, EVIL_JKU, SIGNATURE_CHANGED, PAYLOAD_CHANGED, HEADER_GARBAGE,
		PAYLOAD_NOT_JSON, TRUNCATED, FOUR_PARTS, CRITICAL_HEADER, ANOTHER_SCHEME

	}

	@Provide
	Arbitrary<String> hostileAuthorizations() {
		Arbitrary<String> faulty = Combinators
			.combine(Arbitraries.of(Fault.class).set().ofMinSize(1).ofMaxSize(3),
					Arbitraries.integers().between(0, 10_000), Arbitraries.of("Bearer ", "bearer ", "BEARER "),
					Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40))
			.as((faults, position, scheme, garbage) -> faultyAuthorization(faults, position, scheme, garbage));
		return Arbitraries.frequencyOf(Tuple.of(6, faulty), Tuple.of(1, headerValues()),
				Tuple.of(1, headerValues().map((value) -> "Bearer " + value)),
				Tuple.of(1,
						Arbitraries.of("Bearer", "Bearer ", "Bearer  ", "Bearer null", "Bearer undefined", "Bearer ...",
								"Bearer e30.e30.", "Bearer e30.e30.e30", "Bearer eyJhbGciOiJub25lIn0.e30.",
								"Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA", "Negotiate abc", "Basic dXNlcjpwYXNz")),
				Tuple.of(1, Arbitraries.of(1, 2, 4, 6, 12, 20, 40).map((kb) -> "Bearer " + "A".repeat(kb * 1024))),
				Tuple.of(1, Arbitraries.just(null)));
	}

	private static String faultyAuthorization(java.util.Set<Fault> faults, int position, String scheme,
			String garbage) {
		Instant now = Instant.now();
		RSAKey signingKey = TRUSTED_KEY;
		Jwt jwt = Jwt.signedBy(TRUSTED_KEY, TRUSTED, securedBase.resolve("/cds-services/ldn-order-select").toString());
		for (Fault fault : faults) {
			switch (fault) {
				case WRONG_ISSUER -> jwt.issuer("https://unknown.example.org");
				case WRONG_AUDIENCE -> jwt.audience(securedBase.resolve("/cds-services").toString());
				case EXPIRED -> jwt.issuedAt(now.minusSeconds(900)).expiresAt(now.minusSeconds(300));
				case NOT_YET_VALID -> jwt.notBefore(now.plusSeconds(300)).expiresAt(now.plusSeconds(600));
				case ISSUED_IN_FUTURE -> jwt.issuedAt(now.plusSeconds(300)).expiresAt(now.plusSeconds(600));
				case TOO_LONG -> jwt.issuedAt(now).expiresAt(now.plus(Duration.ofDays(30)));
				case NO_JTI -> jwt.without("jti");
				case NO_EXP -> jwt.without("exp");
				case NO_IAT -> jwt.without("iat");
				case NO_ISS -> jwt.without("iss");
				case NO_AUD -> jwt.without("aud");
				case EXP_AS_TEXT -> jwt.claim("exp", "tomorrow");
				case ISS_AS_NUMBER -> jwt.claim("iss", 42);
				case UNTRUSTED_KEY_SAME_KID -> signingKey = UNTRUSTED_RSA_KEY;
				case UNTRUSTED_KEY, UNTRUSTED_EMBEDDED_JWK, ALG_NONE, HS256_WITH_PUBLIC_KEY, RS256, EVIL_JKU,
						SIGNATURE_CHANGED, PAYLOAD_CHANGED, HEADER_GARBAGE, PAYLOAD_NOT_JSON, TRUNCATED, FOUR_PARTS,
						CRITICAL_HEADER, ANOTHER_SCHEME -> {
					// Applied below, to the header or to the signed token.
				}
			}
		}
		if (faults.contains(Fault.RS256)) {
			jwt.algorithm(JWSAlgorithm.RS256);
		}
		if (faults.contains(Fault.EVIL_JKU)) {
			jwt.jku(evilJwks.url());
		}
		String token;
		if (faults.contains(Fault.ALG_NONE)) {
			token = jwt.unsigned();
		}
		else if (faults.contains(Fault.HS256_WITH_PUBLIC_KEY)) {
			token = jwt.algorithm(JWSAlgorithm.HS256)
				.signWithHmac(TRUSTED_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
		}
		else if (faults.contains(Fault.UNTRUSTED_KEY) || faults.contains(Fault.UNTRUSTED_EMBEDDED_JWK)) {
			Jwt untrusted = jwt.algorithm(JWSAlgorithm.ES384).keyId(UNTRUSTED_KEY.getKeyID());
			if (faults.contains(Fault.UNTRUSTED_EMBEDDED_JWK)) {
				untrusted.embeddedJwk(UNTRUSTED_KEY);
			}
			token = untrusted.signWith(UNTRUSTED_KEY);
		}
		else {
			token = jwt.signWith(signingKey);
		}
		token = damage(token, faults, position, garbage);
		return (faults.contains(Fault.ANOTHER_SCHEME) ? "Basic " : scheme) + token;
	}

	private static String damage(String token, java.util.Set<Fault> faults, int position, String garbage) {
		String[] parts = token.split("\\.", -1);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		if (faults.contains(Fault.SIGNATURE_CHANGED) && parts[2].length() > 1) {
			parts[2] = changeOneChar(parts[2], position);
		}
		if (faults.contains(Fault.PAYLOAD_CHANGED)) {
			parts[1] = changeOneChar(parts[1], position);
		}
		if (faults.contains(Fault.HEADER_GARBAGE)) {
			parts[0] = base64.encodeToString(garbage.getBytes(StandardCharsets.UTF_8));
		}
		if (faults.contains(Fault.PAYLOAD_NOT_JSON)) {
			parts[1] = base64.encodeToString(("not json " + garbage).getBytes(StandardCharsets.UTF_8));
		}
		if (faults.contains(Fault.CRITICAL_HEADER)) {
			parts[0] = base64.encodeToString(("{\"alg\":\"RS384\",\"kid\":\"" + TRUSTED_KEY.getKeyID()
					+ "\",\"crit\":[\"x-ldn\"],\"x-ldn\":true}")
				.getBytes(StandardCharsets.UTF_8));
		}
		String joined = String.join(".", parts);
		if (faults.contains(Fault.FOUR_PARTS)) {
			joined = joined + "." + parts[2];
		}
		if (faults.contains(Fault.TRUNCATED)) {
			joined = joined.substring(0, Math.floorMod(position, Math.max(joined.length() - 1, 1)));
		}
		return joined;
	}

	/** Another base64url character, never the last one (whose low bits may not count). */
	private static String changeOneChar(String base64, int position) {
		if (base64.length() < 2) {
			return base64 + "A";
		}
		int at = Math.floorMod(position, base64.length() - 1);
		char replacement = base64.charAt(at) == 'A' ? 'B' : 'A';
		return base64.substring(0, at) + replacement + base64.substring(at + 1);
	}

	private static String validToken() {
		return Jwt.signedBy(TRUSTED_KEY, TRUSTED, securedBase.resolve("/cds-services/ldn-order-select").toString())
			.sign();
	}

	// Checks

	/**
	 * What any answer to any request must be: in time, not a server error, no stack
	 * trace, and a refusal in JSON with an error code.
	 */
	private static void assertSane(Answer answer) {
		int status = answer.status();
		String body = answer.body();
		assertThat(status).as("status of %s: %s", answer.request(), body).isLessThan(500);
		assertThat(body).as("body").doesNotContain("Exception", "at org.", "at java.", "at com.", "\tat ");
		if (status >= 400 && !answer.request().startsWith("HEAD ")) {
			assertThat(answer.header("Content-Type")).as("Content-Type of %s %s", status, body)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			JsonNode json = HostileInputs.parse(body);
			assertThat(json.path("error").asText()).as("error of %s", body).isNotBlank();
		}
	}

	private static void assertValidCallAnswered(URI base, String token) {
		Answer response = send(base, "POST", "ldn-order-select", Body.of(VALID_CALL),
				token == null ? null : "Bearer " + token, "Content-Type", "application/json");
		assertThat(response.status()).as("status of the valid call: %s", response.body()).isEqualTo(200);
		assertThat(HostileInputs.parse(response.body()).path("cards"))
			.anySatisfy((card) -> assertThat(card.path("indicator").asText()).isEqualTo("critical"));
	}

	private static Answer send(URI base, String method, String pathOrService, Body body, String authorization,
			String... headers) {
		String path = pathOrService.startsWith("/") ? pathOrService : "/cds-services/" + pathOrService;
		List<String> all = new ArrayList<>();
		if (authorization != null) {
			all.addAll(List.of("Authorization", authorization));
		}
		all.addAll(List.of(headers));
		requests.incrementAndGet();
		try {
			Answer answer = new CdsClient(base).withTimeout(TIMEOUT)
				.send(path, method, BodyPublishers.ofByteArray(body.bytes()), null, all.toArray(String[]::new));
			statuses.computeIfAbsent(answer.status(), (status) -> new AtomicInteger()).incrementAndGet();
			return answer;
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof HttpTimeoutException) {
				return fail("no answer within %s: the service hung on %s %s", TIMEOUT, method, path);
			}
			throw new ConnectionClosed("the connection failed on " + method + " " + path + ": " + ex.getCause());
		}
	}

	/** The service closed the connection without an answer. */
	static final class ConnectionClosed extends AssertionError {

		ConnectionClosed(String message) {
			super(message);
		}

	}

	private static URI baseOf(ConfigurableApplicationContext app) {
		return URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort());
	}

}
