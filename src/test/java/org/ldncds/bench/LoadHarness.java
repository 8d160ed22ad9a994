package org.ldncds.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.ldncds.LdnCdsApplication;

import org.ldncds.security.DemoClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A small HTTP load harness: starts the service on a random port of 127.0.0.1, measures
 * the time from JVM start to the first answer, warms up, then sends the typical
 * order-select call ({@link TypicalOrderSelect}) from a few client threads and prints
 * latency percentiles and requests per second. Traffic goes to the loopback address only;
 * both the number of requests and the time are bounded.
 *
 * <p>
 * Not a test. Run it with {@code mvn -B -Pbenchmark test-compile exec:exec@load}; options
 * ({@code key=value}): {@code threads} (4), {@code warmup} (5000 requests),
 * {@code requests} (20000), {@code max-seconds} (60, per phase). Client and service share
 * the machine, so the figures include the client's own cost.
 */
public final class LoadHarness {

	private LoadHarness() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int threads = Integer.parseInt(options.getOrDefault("threads", "4"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "5000"));
		int requests = Integer.parseInt(options.getOrDefault("requests", "20000"));
		Duration maxPhase = Duration.ofSeconds(Long.parseLong(options.getOrDefault("max-seconds", "60")));

		long startNanos = System.nanoTime();
		// The per-call INFO log line is switched off: it would measure the console.
		ConfigurableApplicationContext context = SpringApplication.run(LdnCdsApplication.class, "--server.port=0",
				"--server.address=127.0.0.1", "--logging.level.org.ldncds.ldn=warn",
				// The test classpath turns authentication off;
				// measure the service as it runs.
				"--ldn.security.enabled=true", "--ldn.security.demo-client.enabled=true");
		long startedNanos = System.nanoTime();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		URI uri = URI.create("http://127.0.0.1:" + port + "/cds-services/" + TypicalOrderSelect.SERVICE_ID);
		byte[] body = TypicalOrderSelect.requestBody();
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		// Every call carries its own demo-client token, as an EHR's would:
		// the figures include verifying the signature and the replay check.
		// Tokens are signed before measuring.
		DemoClient demo = context.getBean(DemoClient.class);
		Queue<String> tokens = new ConcurrentLinkedQueue<>();
		tokens.add(demo.tokenFor(uri.toString()));
		Supplier<HttpRequest> request = () -> HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + tokens.poll())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			long firstSent = System.nanoTime();
			check(client.send(request.get(), HttpResponse.BodyHandlers.ofString()));
			long firstAnswered = System.nanoTime();
			long jvmUptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
			System.out.printf(Locale.ROOT,
					"%nRequest: order-select, %d bytes (1 draft, 20 medications, 30 conditions)%n", body.length);
			System.out.printf(Locale.ROOT, "Startup: JVM start to first answer %d ms%n", jvmUptimeMs);
			System.out.printf(Locale.ROOT,
					"         (SpringApplication.run %d ms, then first request %d ms, port %d)%n",
					millis(startedNanos - startNanos), millis(firstAnswered - firstSent), port);

			// The other tokens are signed after the first answer,
			// outside every measurement.
			for (int i = 0; i < warmup + requests; i++) {
				tokens.add(demo.tokenFor(uri.toString()));
			}
			Result warm = run(client, request, threads, warmup, maxPhase);
			System.out.println(warm.describe("Warm-up", threads));
			Result measured = run(client, request, threads, requests, maxPhase);
			System.out.println(measured.describe("Measured", threads));
			if (warm.failures() + measured.failures() > 0) {
				System.out.println("FAILED: some answers were not one critical card");
				System.exit(1);
			}
		}
		finally {
			context.close();
		}
		System.exit(0);
	}

	private static Result run(HttpClient client, Supplier<HttpRequest> request, int threads, int count,
			Duration maxTime) throws Exception {
		AtomicInteger remaining = new AtomicInteger(count);
		AtomicInteger failures = new AtomicInteger();
		long deadline = System.nanoTime() + maxTime.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long start = System.nanoTime();
		List<Future<long[]>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(pool.submit(() -> {
				long[] latencies = new long[count];
				int n = 0;
				while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
					long sent = System.nanoTime();
					try {
						check(client.send(request.get(), HttpResponse.BodyHandlers.ofString()));
					}
					catch (Exception ex) {
						failures.incrementAndGet();
					}
					latencies[n++] = System.nanoTime() - sent;
				}
				return Arrays.copyOf(latencies, n);
			}));
		}
		List<long[]> perThread = new ArrayList<>();
		for (Future<long[]> worker : workers) {
			perThread.add(worker.get());
		}
		long elapsed = System.nanoTime() - start;
		pool.shutdown();
		long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return new Result(all, elapsed, failures.get());
	}

	private static void check(HttpResponse<String> response) {
		if (response.statusCode() != 200 || !response.body().contains("\"indicator\":\"critical\"")) {
			throw new IllegalStateException("unexpected answer " + response.statusCode());
		}
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("options are key=value, not " + arg);
			}
			options.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		return options;
	}

	private record Result(long[] sortedNanos, long elapsedNanos, int failures) {

		String describe(String phase, int threads) {
			int n = this.sortedNanos.length;
			double seconds = this.elapsedNanos / 1e9;
			return String.format(Locale.ROOT,
					"%-8s %6d requests, %d threads, %.1f s: %.0f req/s; latency ms p50 %.2f  p95 %.2f  p99 %.2f  max %.2f; failures %d",
					phase, n, threads, seconds, n / seconds, percentile(0.50), percentile(0.95), percentile(0.99),
					n == 0 ? 0 : this.sortedNanos[n - 1] / 1e6, this.failures);
		}

		private double percentile(double p) {
			int n = this.sortedNanos.length;
			if (n == 0) {
				return 0;
			}
			int index = (int) Math.ceil(p * n) - 1;
			return this.sortedNanos[Math.max(0, Math.min(n - 1, index))] / 1e6;
		}

	}

}
