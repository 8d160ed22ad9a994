package org.ldncds.hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.security.RawConnection;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.FEEDBACK;
import static org.ldncds.testing.CdsClient.SERVICE;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * The request-body budget through the real server, with a small budget (100 KB) and a
 * short wait (300 ms): bodies held open on plain sockets fill it, so that what the budget
 * does is seen exactly. A large body that finds no room, declared or chunked, to a
 * service or its feedback, is answered 503 with {@code Retry-After} and JSON naming the
 * limit, a small call still fits and is answered, the held calls are answered once their
 * bodies arrive, and then nothing is held.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ldn.hooks.max-body-size=64KB",
		"ldn.hooks.body-bytes-in-flight=100KB", "ldn.hooks.body-budget-wait=300ms" })
class BodyBudgetIT {

	private static final long BUDGET = 100 * 1024;

	private static final String VALID = fixture("order-select-ldn-without-opioid.json");

	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private CdsClient http;

	private final List<RawConnection> connections = new ArrayList<>();

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@AfterEach
	void disconnect() throws IOException {
		for (RawConnection connection : connections) {
			connection.close();
		}
	}

	@Test
	void largeBodiesBeyondTheBudgetGet503WhileACallWithinItIsAnsweredAndAllIsGivenBack() throws Exception {
		double refusedBefore = refusals();
		String large = padded(60_000);
		RawConnection held = open().send(head(large.length())).send(large.substring(0, 30_000));
		awaitBytesInFlight(60_000);

		RawConnection declared = open().send(head(large.length())).send(large.substring(0, 1000));
		long start = System.nanoTime();
		RawConnection.Response refused = declared.read(PROMPTLY);
		assertBusy(refused);
		assertThat(elapsed(start)).as("after the wait, long before the body would time out")
			.isGreaterThanOrEqualTo(Duration.ofMillis(250))
			.isLessThan(Duration.ofSeconds(3));
		assertThat(refused.header("Connection")).as("its body was never read").hasValue("close");

		RawConnection feedback = open().send(head(FEEDBACK, large.length())).send(large.substring(0, 1000));
		assertBusy(feedback.read(PROMPTLY));

		RawConnection chunked = open().send(chunkedHead());
		for (int sent = 0; sent < 50_000; sent += 5000) {
			String chunk = large.substring(sent, sent + 5000);
			sendQuietly(() -> chunked.sendChunk(chunk));
		}
		assertBusy(chunked.read(PROMPTLY));
		assertThat(bytesInFlight()).as("the refused calls hold nothing").isEqualTo(60_000);

		CdsClient.Answer small = http.call("ldn-order-select", VALID);
		assertThat(small.cards()).isNotNull();

		RawConnection.Response answered = held.send(large.substring(30_000)).read(PROMPTLY);
		assertThat(answered.status()).as(answered.body()).isEqualTo(200);
		assertThat(answered.json().path("cards").isArray()).isTrue();
		assertThat(bytesInFlight()).isZero();
		assertThat(refusals() - refusedBefore).isEqualTo(3);
	}

	@Test
	void concurrentLargeBodiesAreAnsweredOrRefusedWith503NeverFailedOrHeld() throws Exception {
		double refusedBefore = refusals();
		String large = padded(40_000);
		List<RawConnection> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			calls.add(open().send(head(large.length())).send(large.substring(0, 1000)));
		}
		// Two fit in 100 KB; the others wait 300 ms for room that does not come.
		awaitRefusals(refusedBefore + 3);
		assertThat(bytesInFlight()).isEqualTo(80_000);

		List<Integer> statuses = new ArrayList<>();
		for (RawConnection call : calls) {
			sendQuietly(() -> call.send(large.substring(1000)));
		}
		for (RawConnection call : calls) {
			RawConnection.Response answer = call.read(PROMPTLY);
			statuses.add(answer.status());
			if (answer.status() == 503) {
				assertBusy(answer);
			}
		}

		assertThat(statuses).containsExactlyInAnyOrder(200, 200, 503, 503, 503);
		assertThat(bytesInFlight()).isZero();
		assertThat(meters.get("ldn.hooks.body.bytes.in.flight").gauge().value()).isZero();
	}

	private static void assertBusy(RawConnection.Response answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		assertThat(answer.header("Retry-After")).hasValue("1");
		assertThat(answer.header("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(answer.json().path("error").asText()).isEqualTo("busy");
		assertThat(answer.json().path("detail").asText()).contains("ldn.hooks.body-bytes-in-flight")
			.contains(BUDGET + " bytes");
	}

	/** The valid call, with whitespace added inside it to this many bytes. */
	private static String padded(int length) {
		int padding = length - VALID.getBytes(StandardCharsets.UTF_8).length;
		String padded = "{" + " ".repeat(padding) + VALID.substring(VALID.indexOf('{') + 1);
		assertThat(padded.getBytes(StandardCharsets.UTF_8)).hasSize(length);
		return padded;
	}

	private String head(int contentLength) {
		return head(SERVICE, contentLength);
	}

	private String head(String path, int contentLength) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + contentLength + "\r\n\r\n";
	}

	private String chunkedHead() {
		return "POST " + SERVICE + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n";
	}

	/** Sends, unless the server has answered and closed the connection already. */
	private static void sendQuietly(Send send) {
		try {
			send.send();
		}
		catch (IOException closed) {
			// Refused: nothing more is read there.
		}
	}

	private interface Send {

		RawConnection send() throws IOException;

	}

	private RawConnection open() throws IOException {
		RawConnection connection = RawConnection.open(port);
		connections.add(connection);
		return connection;
	}

	private void awaitBytesInFlight(long bytes) throws InterruptedException {
		long deadline = System.nanoTime() + PROMPTLY.toNanos();
		while (bytesInFlight() != bytes && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(bytesInFlight()).isEqualTo(bytes);
	}

	private void awaitRefusals(double count) throws InterruptedException {
		long deadline = System.nanoTime() + PROMPTLY.toNanos();
		while (refusals() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(refusals()).isEqualTo(count);
	}

	private long bytesInFlight() {
		return (long) meters.get("ldn.hooks.body.bytes.in.flight").gauge().value();
	}

	private double refusals() {
		return meters.get("ldn.hooks.body.budget.refusals").counter().count();
	}

	private static Duration elapsed(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
