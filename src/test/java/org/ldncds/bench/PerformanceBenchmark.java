package org.ldncds.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;

/**
 * The performance benchmark of issue 13: the typical order-select call (
 * {@link TypicalOrderSelect}) measured against its floor. In this JVM: the floor
 * ({@link Floor}: Jackson and HAPI's R4 parser reading the same bytes, nothing else) and
 * the whole pipeline without HTTP ({@link InProcessPipeline}), stage by stage. Then over
 * HTTP against the service started as a process of its own (the packaged jar, audit on
 * its default H2 database in a fresh folder), closed-loop ({@link HttpLoad}) at each
 * connection count, with authentication off and on (a client key registered in the
 * service's configuration, one ES384 token per call signed beforehand). Larger records
 * (100, 1,000, 10,000 prefetch entries) go through the floor, the pipeline and HTTP.
 * Prints one Markdown report.
 *
 * <p>
 * Not a test. Run it with {@code mvn -B -ntp -Pbenchmark package} (see README,
 * "Performance"); options are {@code key=value} ({@link BenchOptions}).
 */
public final class PerformanceBenchmark {

	private static final String PATH = "/cds-services/" + TypicalOrderSelect.SERVICE_ID;

	/** Keeps results alive so that no call is optimised away. */
	private static volatile int sink;

	private final BenchOptions options;

	private final PrintStream progress;

	private final BenchReport report = new BenchReport();

	private final Map<Integer, byte[]> bodies = new HashMap<>();

	private final Map<Integer, Measurement[]> inProcessSizes = new HashMap<>();

	private double pipelineCallsPerSecond = 1000;

	private PerformanceBenchmark(BenchOptions options, PrintStream progress) {
		this.options = options;
		this.progress = progress;
	}

	public static void main(String[] args) throws Exception {
		BenchOptions options = BenchOptions.parse(args);
		BenchReport report = run(options, System.out);
		String markdown = report.markdown();
		System.out.println();
		System.out.println(markdown);
		if (options.out() != null) {
			Files.createDirectories(options.out().toAbsolutePath().getParent());
			Files.writeString(options.out(), markdown);
			System.out.println("Written to " + options.out());
		}
		System.exit(report.failures() == 0 ? 0 : 1);
	}

	/** Runs every measurement; progress goes to the stream given. */
	static BenchReport run(BenchOptions options, PrintStream progress) throws Exception {
		return new PerformanceBenchmark(options, progress).run();
	}

	private BenchReport run() throws Exception {
		double loadAtStart = loadAverage();
		bodies.put(TypicalOrderSelect.TYPICAL_ENTRIES, TypicalOrderSelect.requestBody());
		options.entries().forEach((entries) -> bodies.put(entries, TypicalOrderSelect.requestBody(entries)));
		byte[] typical = bodies.get(TypicalOrderSelect.TYPICAL_ENTRIES);

		measureInProcess(typical);
		Path work = Files.createTempDirectory("ldn-cds-bench");
		boolean done = false;
		try {
			boolean first = true;
			for (boolean authentication : options.authentication()) {
				measureOverHttp(authentication, first, work);
				first = false;
			}
			done = true;
		}
		finally {
			if (done) {
				deleteQuietly(work);
			}
			else {
				progress.println("The service's folders, with its log (service.log), are kept in " + work);
			}
		}
		if (options.authentication().isEmpty()) {
			options.entries()
				.forEach((entries) -> report.size(new BenchReport.Size(entries, bodies.get(entries).length,
						inProcessSizes.get(entries)[0], inProcessSizes.get(entries)[1], null, -1, -1)));
		}
		report.durationNanos(options.duration().toNanos());
		describeRun(typical.length, loadAtStart);
		return report;
	}

	/**
	 * The floor and the pipeline in this JVM, after a warm-up of both in turn (twice as
	 * long as each measurement), so that neither is timed while the JIT compiler is still
	 * at work on code the other shares (Jackson, HAPI).
	 */
	private void measureInProcess(byte[] typical) throws Exception {
		progress.println("In process: starting the application's context (no web server)");
		FhirContext fhir = FhirContext.forR4();
		Floor floor = new Floor(fhir, typical);
		try (InProcessPipeline pipeline = InProcessPipeline.start(Math.max(5000, options.largestRecord()))) {
			Duration measure = options.inProcess();
			progress.println("In process: warm-up " + seconds(measure.multipliedBy(2)) + " s, then the floor, the "
					+ "stages and the whole pipeline " + seconds(measure) + " s each");
			inProcess("warm-up", measure.multipliedBy(2), Duration.ofMillis(1), 1,
					() -> floor.read() > 0 && critical(pipeline.call(typical)));
			report.floor(inProcess(
					"Floor: Jackson tree + HAPI R4 parse of the same bytes (" + floor.resourceCount()
							+ " resources), in process, 1 thread",
					Duration.ofMillis(1), measure, 1, () -> floor.read() > 0));
			long[] stageNanos = new long[InProcessPipeline.STAGES.length];
			Measurement staged = inProcess("stages", Duration.ofMillis(1), measure, 1,
					() -> critical(pipeline.callInStages(typical, stageNanos)));
			Measurement whole = inProcess(
					"Pipeline without HTTP: parse → prefetch → facts → rules → cards → JSON, in process, 1 thread",
					Duration.ofMillis(1), measure, 1, () -> critical(pipeline.call(typical)));
			pipelineCallsPerSecond = whole.callsPerSecond();
			double[] stageMillis = new double[stageNanos.length];
			for (int stage = 0; stage < stageNanos.length; stage++) {
				stageMillis[stage] = stageNanos[stage] / 1e6 / staged.calls();
			}
			report.pipeline(
					(staged.failures() == 0) ? whole
							: whole.withFailures(staged.failures(),
									whole.note() + "; " + staged.failures() + " staged calls failed"),
					InProcessPipeline.STAGES, stageMillis);
			for (int entries : options.entries()) {
				progress.println("In process: " + entries + " prefetch entries");
				byte[] body = bodies.get(entries);
				Floor large = new Floor(fhir, body);
				Measurement floorOfSize = inProcess("floor, " + entries + " entries", Duration.ofSeconds(1),
						Duration.ofSeconds(1), 3, () -> large.read() > 0);
				Measurement pipelineOfSize = inProcess("pipeline, " + entries + " entries", Duration.ofSeconds(1),
						Duration.ofSeconds(1), 3, () -> critical(pipeline.call(body)));
				inProcessSizes.put(entries, new Measurement[] { floorOfSize, pipelineOfSize });
			}
		}
	}

	private void measureOverHttp(boolean authentication, boolean measureSizes, Path work) throws Exception {
		String label = BenchReport.authentication(authentication);
		Path directory = Files
			.createDirectories(work.resolve(authentication ? "authentication-on" : "authentication-off"));
		ClientTokens client = authentication ? new ClientTokens() : null;
		List<String> arguments = new ArrayList<>(serviceArguments());
		arguments.addAll(authentication ? client.serviceArguments(client.writePublicKeys(work))
				: List.of("--ldn.security.enabled=false"));
		progress.println("HTTP, " + label + ": starting the service ("
				+ (options.jar() != null ? options.jar() : "class path") + ")");
		try (ServerProcess service = ServerProcess.start(options.jar(), options.serverJvm(), arguments, directory)) {
			String audience = "http://127.0.0.1:" + service.port() + PATH;
			HttpLoad load = new HttpLoad(service.port(), PATH);
			byte[] typical = bodies.get(TypicalOrderSelect.TYPICAL_ENTRIES);
			Queue<String> pair = authentication ? client.mint(2, audience) : null;
			long firstCall = load.timeOneCall(typical, authentication ? pair.poll() : null);
			long secondCall = load.timeOneCall(typical, authentication ? pair.poll() : null);
			progress.printf(Locale.ROOT, "HTTP, %s: ready after %s, first call %s ms; warm-up %s s%n", label,
					BenchReport.seconds(service.startToReadyNanos()), BenchReport.millis(firstCall / 1e6),
					seconds(options.warmup()));
			int most = options.connections().stream().mapToInt(Integer::intValue).max().orElse(1);
			load.closedLoop(most, options.warmup(), typical,
					tokens(client, audience, estimatedRate(most), options.warmup()));
			for (int connections : options.connections()) {
				progress.printf(Locale.ROOT, "HTTP, %s, %d connection(s): %s s%n", label, connections,
						seconds(options.duration()));
				Queue<String> tokens = tokens(client, audience, estimatedRate(connections), options.duration());
				long residentBefore = service.residentBytes().orElse(-1);
				long cpuBefore = service.cpuNanos().orElse(-1);
				long clientBefore = processCpuNanos();
				HttpLoad.Run run = load.closedLoop(connections, options.duration(), typical, tokens);
				long clientCpu = processCpuNanos() - clientBefore;
				OptionalLong cpuAfter = service.cpuNanos();
				long cpu = (cpuBefore < 0 || cpuAfter.isEmpty()) ? -1 : cpuAfter.getAsLong() - cpuBefore;
				String scenario = "HTTP, " + label + (authentication ? " (ES384, a token per call)" : "") + ", "
						+ connections + " connection" + (connections == 1 ? "" : "s");
				Measurement measured = new Measurement(scenario, run.latencies(), run.elapsedNanos(), cpu,
						run.failures(), note(run));
				report.http(new BenchReport.HttpRun(authentication, connections, measured, clientCpu, residentBefore,
						service.residentBytes().orElse(-1)));
			}
			if (measureSizes) {
				for (int entries : options.entries()) {
					progress.printf(Locale.ROOT, "HTTP, %s: %d prefetch entries, 1 connection%n", label, entries);
					byte[] body = bodies.get(entries);
					Measurement[] inProcess = inProcessSizes.get(entries);
					double rate = 2000 / Math.max(0.1, inProcess[1].latencies().percentileMillis(50));
					Duration warm = Duration.ofSeconds(1);
					Duration measure = Duration.ofMillis(Math.max(2000, options.duration().toMillis() / 3));
					load.closedLoop(1, warm, body, tokens(client, audience, rate, warm));
					HttpLoad.Run run = load.closedLoop(1, measure, body, tokens(client, audience, rate, measure));
					Measurement http = new Measurement("HTTP, " + entries + " entries", run.latencies(),
							run.elapsedNanos(), -1, run.failures(), note(run));
					report.size(new BenchReport.Size(entries, body.length, inProcess[0], inProcess[1], http,
							service.residentBytes().orElse(-1), service.peakResidentBytes().orElse(-1)));
				}
			}
			report.start(new BenchReport.Start(authentication, service.startToReadyNanos(), firstCall, secondCall,
					service.residentBytes().orElse(-1), service.peakResidentBytes().orElse(-1)));
		}
	}

	/**
	 * The service's settings besides its defaults: this run's largest record let in, and
	 * the default H2 file database and audit journal under its working directory, said
	 * explicitly so that no test configuration on the class path replaces them.
	 */
	private List<String> serviceArguments() {
		int largestBody = bodies.values().stream().mapToInt((body) -> body.length).max().orElse(0);
		return List.of("--ldn.hooks.max-bundle-entries=" + Math.max(5000, options.largestRecord()),
				"--ldn.hooks.max-body-size=" + Math.max(5L << 20, 2L * largestBody) + "B",
				"--spring.datasource.url=jdbc:h2:file:./data/ldn-cds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH",
				"--ldn.audit.journal-directory=data/audit-journal");
	}

	/**
	 * Calls per second to sign tokens for: what the same connections reached without
	 * authentication, else the in-process pipeline's rate on every core.
	 */
	private double estimatedRate(int connections) {
		return report.httpRuns()
			.stream()
			.filter((run) -> !run.authentication() && run.connections() == connections)
			.mapToDouble((run) -> run.measurement().callsPerSecond())
			.findFirst()
			.orElse(pipelineCallsPerSecond * Math.min(connections, Runtime.getRuntime().availableProcessors()));
	}

	/**
	 * Three times as many as the estimate needs (the rate without authentication swings
	 * with the machine's load); null without authentication.
	 */
	private Queue<String> tokens(ClientTokens client, String audience, double callsPerSecond, Duration duration) {
		if (client == null) {
			return null;
		}
		long count = Math.round(callsPerSecond * duration.toMillis() / 1000.0 * 3) + 200;
		return client.mint((int) Math.min(count, 500_000), audience);
	}

	private static String note(HttpLoad.Run run) {
		List<String> notes = new ArrayList<>();
		if (run.tokensRanOut()) {
			notes.add("the tokens signed beforehand ran out after " + BenchReport.seconds(run.elapsedNanos()));
		}
		if (run.failures() > 0) {
			notes.add(run.failures() + " failed calls, the first: " + run.firstFailure());
		}
		return notes.isEmpty() ? null : String.join("; ", notes);
	}

	/** A call that says whether its answer was right. */
	@FunctionalInterface
	interface Call {

		boolean call() throws Exception;

	}

	/**
	 * Calls repeatedly on this thread: a warm-up, then at least {@code minCalls} and for
	 * at least {@code measure}, timing each call and this JVM's CPU time over all of
	 * them.
	 */
	private static Measurement inProcess(String scenario, Duration warmup, Duration measure, int minCalls, Call call)
			throws Exception {
		long warmEnd = System.nanoTime() + warmup.toNanos();
		while (System.nanoTime() < warmEnd) {
			call.call();
		}
		long[] latencies = new long[1024];
		int count = 0;
		int failures = 0;
		long cpuBefore = processCpuNanos();
		long threadCpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long end = start + measure.toNanos();
		long now = start;
		while (now < end || count < minCalls) {
			boolean right = call.call();
			long after = System.nanoTime();
			if (!right) {
				failures++;
			}
			if (count == latencies.length) {
				latencies = Arrays.copyOf(latencies, count * 2);
			}
			latencies[count++] = after - now;
			now = after;
		}
		long cpu = processCpuNanos() - cpuBefore;
		long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpuBefore;
		String note = "the calling thread's own CPU time was " + BenchReport.millis(threadCpu / 1e6 / count)
				+ " ms per call; the rest of the process's went to garbage collection and JIT compilation";
		return new Measurement(scenario, Latencies.ofNanos(Arrays.copyOf(latencies, count)), now - start, cpu, failures,
				note);
	}

	private static boolean critical(byte[] answer) {
		sink = answer.length;
		return HttpLoad.contains(answer, "\"indicator\":\"critical\"".getBytes(StandardCharsets.US_ASCII));
	}

	private void describeRun(int typicalBytes, double loadAtStart) {
		com.sun.management.OperatingSystemMXBean os = os();
		report.header("## ldn-cds performance, "
				+ OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
		report.header("");
		report.header(String.format(Locale.ROOT,
				"- Machine: %d cores (%s), %s of memory, %s %s, %s %s; load average %.1f at the start, %.1f at the end.",
				Runtime.getRuntime().availableProcessors(), cpuModel(), BenchReport.megabytes(os.getTotalMemorySize()),
				System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"), loadAtStart, loadAverage()));
		report.header(String.format(Locale.ROOT,
				"- Typical request: order-select, %s (%,d bytes): one LDN draft, 20 current medications (oxycodone "
						+ "among them), 30 conditions and the patient, all prefetched; the answer starts with the "
						+ "critical card.",
				BenchReport.kilobytes(typicalBytes), typicalBytes));
		report.header("- Service: " + (options.jar() != null ? "the packaged jar" : "run from the class path")
				+ ", its own process on 127.0.0.1, JVM options " + String.join(" ", options.serverJvm())
				+ "; audit on, H2 file database in a fresh folder; default logging. Load generator: this JVM, "
				+ "closed loop (each connection sends its next call when the last is answered), same machine.");
		report.header(String.format(Locale.ROOT,
				"- Runs: in process %s s after %s s of warm-up; HTTP %s s per run after %s s of warm-up at %d "
						+ "connections; connections %s; authentication %s.",
				seconds(options.inProcess()), seconds(options.inProcess().multipliedBy(2)), seconds(options.duration()),
				seconds(options.warmup()), options.connections().stream().mapToInt(Integer::intValue).max().orElse(1),
				options.connections().stream().map(String::valueOf).collect(Collectors.joining(", ")),
				options.authentication().stream().map((on) -> on ? "on" : "off").collect(Collectors.joining(", "))));
	}

	private static String seconds(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? Long.toString(millis / 1000)
				: String.format(Locale.ROOT, "%.1f", millis / 1000.0);
	}

	private static String cpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("model unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "model unknown";
		}
	}

	private static double loadAverage() {
		return os().getSystemLoadAverage();
	}

	private static long processCpuNanos() {
		return os().getProcessCpuTime();
	}

	private static com.sun.management.OperatingSystemMXBean os() {
		return (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary folder: the system cleans it eventually.
		}
	}

}
