package org.ldncds.fhir;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldncds.db.Eventually;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;
import org.ldncds.testing.CdsClient.ShownCard;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.ldncds.testing.CdsClient.fixture;

/**
 * One bad FHIR server affects only its own calls. Real servers: a trickling one (a byte
 * every 100 ms, for ever), a silent one, a failing one, and a healthy in-process HAPI
 * FHIR server, called concurrently. Timing bounds are tolerant (the build machine may be
 * busy) but would fail if a call waited for a bad server beyond the budget.
 */
@MisbehavingServerTest
@Timeout(60)
class FhirServerIsolationIT {

	private static final String ORDER_SELECT = "ldn-order-select";

	private static final String WITHOUT_MEDICATIONS = "order-select-ldn-without-medications-prefetch.json";

	private static final long BUDGET = MisbehavingServerTest.BUDGET_MILLIS;

	/**
	 * What the service may take beyond the budget, from the call's arrival to its answer
	 * (the budget counts from arrival): rendering the 412 and recording the call.
	 */
	private static final long SERVER_MARGIN = 300;

	/**
	 * What a call may take beyond the budget as the caller measures it, on a shared
	 * two-core build machine where other builds run too (load 15 observed): the time
	 * before the call reaches the service and after it leaves.
	 */
	private static final long CLIENT_MARGIN = 1000;

	@RegisterExtension
	final InProcessFhirServer healthy = new InProcessFhirServer();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("prefetchExecutor")
	ExecutorService prefetchExecutor;

	@Autowired
	MeterRegistry meters;

	private CdsClient service;

	private final ExecutorService clients = Executors.newFixedThreadPool(48);

	/**
	 * A first complete call, so that what a fresh JVM does once (compiling the rule
	 * session's code, loading classes) is not counted in the timings.
	 */
	@BeforeEach
	void callServiceOnce() {
		service = new CdsClient(port);
		assertThat(service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, healthy.baseUrl())).status()).isEqualTo(200);
	}

	@AfterEach
	void stopClients() {
		clients.shutdownNow();
	}

	@Test
	void aTricklingServerDelaysOnlyItsOwnCallsAndItsReadsEndAtTheDeadline() throws Exception {
		try (MisbehavingFhirServer trickling = MisbehavingFhirServer
			.behaving(MisbehavingFhirServer.trickle(Duration.ofMillis(100)))) {
			// As many calls as the service has fetch threads: without per-server limits
			// they would hold every one of them.
			List<CompletableFuture<Timed>> bad = callConcurrently(32, trickling.baseUrl());
			Eventually.within(Duration.ofSeconds(5), () -> assertThat(trickling.answering()).isEqualTo(16));
			// However long the other calls take to arrive, the server never gets more
			// than its share of the fetch threads.
			Thread.sleep(300);
			assertThat(trickling.answering()).isEqualTo(16);

			// While the bad server holds its 16 fetches, a few calls to the healthy one.
			List<Timed> good = join(callConcurrently(4, healthy.baseUrl()));
			List<Timed> badAnswers = join(bad);

			assertThat(good).allSatisfy((call) -> {
				assertThat(call.answer().status()).isEqualTo(200);
				assertThat(call.answer().shownCards()).filteredOn(ShownCard::isCritical)
					.singleElement()
					.extracting(ShownCard::summary, STRING)
					.containsIgnoringCase("oxycodone");
				// Well within the budget the bad server's calls are still waiting out.
				assertThat(call.millis()).isLessThan(BUDGET);
			});
			assertThat(badAnswers).allSatisfy((call) -> {
				assertPrefetchUnavailable(call.answer(), "medications");
				assertThat(call.millis()).isLessThan(BUDGET + CLIENT_MARGIN);
			});
			assertServiceAnswered412sWithinTheBudget();
			assertThat(badAnswers).extracting((call) -> call.answer().detail())
				.filteredOn((detail) -> detail.contains("did not answer within the call's budget of 1500 ms"))
				.hasSize(16);
			assertThat(badAnswers).extracting((call) -> call.answer().detail())
				.filteredOn((detail) -> detail.contains("too many fetches from this FHIR server"))
				.hasSize(16);
			// The reads ended, not only the waits: the server sees every connection
			// closed, and no fetch thread is left reading.
			Eventually.within(Duration.ofMillis(CLIENT_MARGIN), () -> {
				assertThat(trickling.answering()).isZero();
				assertThat(((ThreadPoolExecutor) prefetchExecutor).getActiveCount()).isZero();
			});
			assertThat(trickling.abandoned()).isEqualTo(16);
		}
	}

	@Test
	void concurrentCallsToASilentServerAreAnsweredWithinTheBudget() throws Exception {
		try (MisbehavingFhirServer silent = MisbehavingFhirServer.behaving(MisbehavingFhirServer.silence())) {

			List<Timed> answers = join(callConcurrently(16, silent.baseUrl()));

			assertThat(answers).allSatisfy((call) -> {
				assertPrefetchUnavailable(call.answer(), "medications");
				assertThat(call.answer().detail()).contains("did not answer within the call's budget of 1500 ms");
				assertThat(call.millis()).isBetween(BUDGET - 100, BUDGET + CLIENT_MARGIN);
			});
			assertServiceAnswered412sWithinTheBudget();
			Eventually.within(Duration.ofMillis(CLIENT_MARGIN),
					() -> assertThat(((ThreadPoolExecutor) prefetchExecutor).getActiveCount()).isZero());
		}
	}

	@Test
	void aServerThatKeepsFailingIsNotCalledForAWhileAndOthersStillAre() throws Exception {
		try (MisbehavingFhirServer failing = MisbehavingFhirServer
			.behaving(MisbehavingFhirServer.answer(503, "text/plain", "overloaded"))) {
			for (int i = 0; i < 4; i++) {
				Answer answer = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, failing.baseUrl()));
				assertPrefetchUnavailable(answer, "medications");
				assertThat(answer.detail()).contains("the FHIR server answered 503");
			}

			Answer refused = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, failing.baseUrl()));
			Answer elsewhere = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, healthy.baseUrl()));

			assertPrefetchUnavailable(refused, "medications");
			assertThat(refused.detail()).contains("failed too often");
			assertThat(failing.requests()).hasSize(4);
			assertThat(elsewhere.status()).isEqualTo(200);
			String origin = "http://127.0.0.1:" + failing.baseUrl().getPort();
			assertThat(fetches(origin, "server_error")).isEqualTo(4);
			assertThat(fetches(origin, "circuit_open")).isEqualTo(1);
			assertThat(meters.get(FhirServerGuards.BREAKER_METRIC).tag("origin", origin).gauge().value())
				.isEqualTo(1.0);
			// The warm-up call and this one.
			assertThat(fetches("http://localhost:" + healthy.baseUrl().getPort(), "ok")).isEqualTo(2);
		}
	}

	/**
	 * The service's own time for every 412 of this application context, from the request
	 * entering the servlet container's filters to the answer leaving them.
	 */
	private void assertServiceAnswered412sWithinTheBudget() {
		Timer answers = meters.get("http.server.requests").tag("status", "412").timer();
		assertThat(answers.max(TimeUnit.MILLISECONDS)).isLessThan(BUDGET + SERVER_MARGIN);
	}

	private long fetches(String origin, String outcome) {
		return meters.get(FhirServerGuards.FETCH_METRIC).tag("origin", origin).tag("outcome", outcome).timer().count();
	}

	/** Starts the calls together; each is timed from its own start. */
	private List<CompletableFuture<Timed>> callConcurrently(int calls, URI fhirServer) throws InterruptedException {
		CountDownLatch ready = new CountDownLatch(calls);
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<Timed>> answers = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			answers.add(CompletableFuture.supplyAsync(() -> {
				ready.countDown();
				await(go);
				long start = System.nanoTime();
				Answer answer = service.call(ORDER_SELECT, fixture(WITHOUT_MEDICATIONS, fhirServer));
				return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
			}, clients));
		}
		ready.await();
		go.countDown();
		return answers;
	}

	private static List<Timed> join(List<CompletableFuture<Timed>> calls) {
		return calls.stream().map(CompletableFuture::join).toList();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void assertPrefetchUnavailable(Answer answer, String key) {
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(412);
		assertThat(answer.error()).isEqualTo("prefetch_unavailable");
		assertThat(answer.missingPrefetch()).containsExactly(key);
	}

	private record Timed(Answer answer, long millis) {
	}

}
