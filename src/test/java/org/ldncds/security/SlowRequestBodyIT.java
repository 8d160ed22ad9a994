package org.ldncds.security;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.FEEDBACK;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * Slow and unwanted request bodies, sent byte by byte from plain sockets against the real
 * server, with few workers (20) so that any worker held by a body shows. A body the
 * service will not read (no token, a form, too large) is answered at once and its
 * connection closed, while health checks and signed calls stay fast; an authenticated
 * body that comes too slowly gets 408 within the configured time; with
 * {@code Expect: 100-continue}, what the headers decide is answered before the body is
 * sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.security.enabled=true", "server.tomcat.threads.max=20", "ldn.hooks.max-body-size=64KB",
				"ldn.hooks.body.read-timeout=3s", "ldn.hooks.body.idle-timeout=1s", "ldn.hooks.body.min-rate=1KB" })
class SlowRequestBodyIT {

	/** Four times the workers. */
	private static final int SLOW_CLIENTS = 80;

	private static final Duration PROMPTLY = Duration.ofSeconds(3);

	@LocalServerPort
	int port;

	private CdsClient http;

	private final List<RawConnection> connections = new ArrayList<>();

	private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@AfterEach
	void stopTrickling() throws IOException {
		trickle.shutdownNow();
		for (RawConnection connection : connections) {
			connection.close();
		}
	}

	@Test
	void unreadSlowBodiesAreAnsweredAndCutOffWhileOtherCallsStayFast() throws Exception {
		// Warm: the first call builds what later calls reuse.
		http.callService(demoToken()).assertCriticalOpioidCard();
		for (int i = 0; i < SLOW_CLIENTS; i++) {
			open().send(SlowRequest.of(i).head(port)).sendChunk("{");
		}
		trickleChunks(Duration.ofSeconds(1), List.copyOf(connections), " ");

		for (int i = 0; i < SLOW_CLIENTS; i++) {
			RawConnection.Response answer = connections.get(i).read(PROMPTLY);
			assertThat(answer.status()).as("slow request %d (%s)", i, SlowRequest.of(i))
				.isEqualTo(SlowRequest.of(i).status);
			// Said before the answer, so that no next request is sent on this connection.
			assertThat(answer.header("Connection")).as("slow request %d", i).hasValue("close");
			assertThat(answer.json().path("error").asText()).isNotEmpty();
		}
		for (int round = 0; round < 4; round++) {
			long start = System.nanoTime();
			CdsClient.Answer health = http.get("/actuator/health", null);
			assertThat(health.status()).as(health.body()).isEqualTo(200);
			assertThat(elapsed(start)).as("health while bodies trickle").isLessThan(Duration.ofSeconds(2));
			start = System.nanoTime();
			http.callService(demoToken()).assertCriticalOpioidCard();
			assertThat(elapsed(start)).as("a signed call while bodies trickle").isLessThan(Duration.ofSeconds(5));
			Thread.sleep(500);
		}
		for (int i = 0; i < SLOW_CLIENTS; i++) {
			assertThat(connections.get(i).closedWithin(PROMPTLY)).as("slow request %d closed", i).isTrue();
		}
	}

	@Test
	void aSuccessfulAnswerThatLeftTheBodyUnreadKeepsItsStatus() throws Exception {
		RawConnection connection = open()
			.send(head("OPTIONS", SERVICE, null, "Content-Type: application/json", "Content-Length: 2000"))
			.send("{\"unread\": ");

		RawConnection.Response answer = connection.read(PROMPTLY);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Allow")).isPresent();
		assertThat(answer.header("Connection")).hasValue("close");
		assertThat(connection.closedWithin(PROMPTLY)).isTrue();
	}

	@Test
	void aCorsRefusalOfACallWithABodySaysTheConnectionCloses() throws Exception {
		// CORS answers, and commits, before any other filter.
		RawConnection connection = open()
			.send(head("POST", SERVICE, null, "Origin: https://evil.example", "Content-Type: application/json",
					"Content-Length: 2000"))
			.send("{\"unread\": ");

		RawConnection.Response answer = connection.read(PROMPTLY);

		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.header("Connection")).hasValue("close");
		assertThat(connection.closedWithin(PROMPTLY)).isTrue();
	}

	@Test
	void aHealthCheckWithABodyIsRefusedWithoutReadingIt() throws Exception {
		// The actuator reads the body of any request, GET included.
		RawConnection connection = open()
			.send(head("GET", "/actuator/health", null, "Content-Type: application/json", "Content-Length: 2000"))
			.send("{\"unread\": ");
		long start = System.nanoTime();

		RawConnection.Response answer = connection.read(PROMPTLY);

		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.json().path("detail").asText()).contains("takes no body");
		assertThat(elapsed(start)).isLessThan(Duration.ofMillis(900));
		assertThat(connection.closedWithin(PROMPTLY)).isTrue();
	}

	@Test
	void anAuthenticatedBodySlowerThanTheMinimumRateGets408() throws Exception {
		RawConnection connection = open().send(chunkedCall(SERVICE, demoToken())).sendChunk("{");
		long start = System.nanoTime();
		trickleChunks(Duration.ofMillis(200), List.of(connection), " ".repeat(10));

		RawConnection.Response answer = connection.read(Duration.ofSeconds(6));

		assertThat(answer.status()).as(answer.body()).isEqualTo(408);
		assertThat(answer.json().path("error").asText()).isEqualTo("request_timeout");
		assertThat(answer.json().path("detail").asText()).contains("ldn.hooks.body.min-rate");
		// 50 bytes per second is refused soon after the 1 s grace, long before 3 s.
		assertThat(elapsed(start)).isLessThan(Duration.ofMillis(2500));
		assertThat(connection.closedWithin(PROMPTLY)).isTrue();
	}

	@Test
	void anAuthenticatedBodyThatStopsGets408AfterTheIdleTimeout() throws Exception {
		RawConnection connection = open()
			.send(head("POST", SERVICE, demoToken(), "Content-Type: application/json", "Content-Length: 500"))
			.send("{\"hook\": ");
		long start = System.nanoTime();

		RawConnection.Response answer = connection.read(Duration.ofSeconds(6));

		assertThat(answer.status()).as(answer.body()).isEqualTo(408);
		assertThat(answer.json().path("error").asText()).isEqualTo("request_timeout");
		assertThat(elapsed(start)).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofMillis(2500));
		assertThat(connection.closedWithin(PROMPTLY)).isTrue();
	}

	@Test
	void anAuthenticatedBodyFastEnoughButTooLongGets408AtTheReadTimeout() throws Exception {
		// 6 KB/s is above the minimum rate, but 60 KB would take 10 s.
		RawConnection connection = open().send(head("POST", FEEDBACK, demoToken(CdsClient.FEEDBACK),
				"Content-Type: application/json", "Content-Length: 60000"));
		long start = System.nanoTime();
		trickle(Duration.ofMillis(250), connection, " ".repeat(1500));

		RawConnection.Response answer = connection.read(Duration.ofSeconds(8));

		assertThat(answer.status()).as(answer.body()).isEqualTo(408);
		assertThat(answer.json().path("detail").asText()).contains("ldn.hooks.body.read-timeout");
		assertThat(elapsed(start)).isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofMillis(4500));
		assertThat(connection.closedWithin(PROMPTLY)).isTrue();
	}

	@Test
	void expectContinueIsAnsweredBeforeTheBodyWhenTheHeadersDecide() throws Exception {
		String tenMegabytes = "Content-Length: " + 10 * 1024 * 1024;
		assertAnsweredWithoutTheBody(null, tenMegabytes, 413, "payload_too_large");
		assertAnsweredWithoutTheBody(null, "Content-Length: 500", 401, "unauthorized");
		assertAnsweredWithoutTheBody("not.a.token", "Content-Length: 500", 401, "unauthorized");
		assertAnsweredWithoutTheBody(demoToken(), tenMegabytes, 413, "payload_too_large");
	}

	@Test
	void expectContinueIsInvitedWhenTheCallIsAuthenticated() throws Exception {
		byte[] call = CdsClient.exampleCall().getBytes(StandardCharsets.UTF_8);
		RawConnection connection = open().send(head("POST", SERVICE, demoToken(), "Content-Type: application/json",
				"Content-Length: " + call.length, "Expect: 100-continue"));

		assertThat(connection.read(PROMPTLY).status()).isEqualTo(100);
		RawConnection.Response answer = connection.send(new String(call, StandardCharsets.UTF_8))
			.read(Duration.ofSeconds(10));

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().path("cards"))
			.anySatisfy((card) -> assertThat(card.path("indicator").asText()).isEqualTo("critical"));
	}

	private void assertAnsweredWithoutTheBody(String token, String length, int status, String error)
			throws IOException {
		RawConnection connection = open()
			.send(head("POST", SERVICE, token, "Content-Type: application/json", length, "Expect: 100-continue"));

		RawConnection.Response answer = connection.read(PROMPTLY);

		assertThat(answer.status()).as("%s, token %s: %s", length, token, answer.body()).isEqualTo(status);
		assertThat(answer.json().path("error").asText()).isEqualTo(error);
		assertThat(connection.closedWithin(PROMPTLY)).as("closed after %d", status).isTrue();
	}

	/** The kinds of unwanted bodies sent slowly, and what each is answered. */
	private enum SlowRequest {

		NO_TOKEN("POST", SERVICE, null, "application/json", 401),
		BAD_TOKEN("POST", SERVICE, "not.a.token", "application/json", 401),
		FEEDBACK_NO_TOKEN("POST", FEEDBACK, null, "application/json", 401),
		FORM("PUT", SERVICE, null, "application/x-www-form-urlencoded", 401),
		// Through a proxy: not local, so its form is never parsed.
		FORM_TO_DEMO_TOKEN("POST", "/demo/token", null,
				"application/x-www-form-urlencoded\r\nX-Forwarded-For: 192.0.2.9", 404),
		UNKNOWN_PATH("POST", "/no-such-endpoint", null, "application/json", 404);

		final String method;

		final String path;

		final String token;

		final String contentType;

		final int status;

		SlowRequest(String method, String path, String token, String contentType, int status) {
			this.method = method;
			this.path = path;
			this.token = token;
			this.contentType = contentType;
			this.status = status;
		}

		static SlowRequest of(int index) {
			return values()[index % values().length];
		}

		String head(int port) {
			return SlowRequestBodyIT.head(port, method, path, token, "Content-Type: " + contentType,
					"Transfer-Encoding: chunked");
		}

	}

	private String chunkedCall(String path, String token) {
		return head("POST", path, token, "Content-Type: application/json", "Transfer-Encoding: chunked");
	}

	private String head(String method, String path, String token, String... headers) {
		return head(port, method, path, token, headers);
	}

	private static String head(int port, String method, String path, String token, String... headers) {
		StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
		if (token != null) {
			head.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		return head.append("\r\n").toString();
	}

	private RawConnection open() throws IOException {
		RawConnection connection = RawConnection.open(port);
		connections.add(connection);
		return connection;
	}

	/** Writes a chunk of this data to each connection at this interval. */
	private void trickleChunks(Duration interval, List<RawConnection> targets, String data) {
		every(interval, () -> {
			for (RawConnection target : targets) {
				sendQuietly(() -> target.sendChunk(data));
			}
		});
	}

	/** Writes this data as it is to the connection at this interval. */
	private void trickle(Duration interval, RawConnection target, String data) {
		every(interval, () -> sendQuietly(() -> target.send(data)));
	}

	private void every(Duration interval, Runnable task) {
		trickle.scheduleAtFixedRate(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static void sendQuietly(Send send) {
		try {
			send.send();
		}
		catch (IOException closed) {
			// The server closed the connection: nothing more to send there.
		}
	}

	private interface Send {

		RawConnection send() throws IOException;

	}

	private String demoToken() {
		return demoToken(SERVICE);
	}

	private String demoToken(String path) {
		CdsClient.Answer answer = http.send(
				"/demo/token?aud=" + URLEncoder.encode(http.url(path), StandardCharsets.UTF_8), "POST",
				BodyPublishers.noBody(), null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json().path("access_token").asText();
	}

	private static Duration elapsed(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
