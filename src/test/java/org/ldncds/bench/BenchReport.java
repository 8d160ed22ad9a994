package org.ldncds.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a benchmark run found, written as Markdown: the main table (req/s, p50, p99, CPU
 * per call and its ratio to the floor), the pipeline's stages, start and first call, the
 * record sizes, and the targets of issue 13 next to the figures.
 */
final class BenchReport {

	/**
	 * An HTTP run against a service process.
	 *
	 * @param authentication whether every call carried a signed token
	 * @param connections how many connections the load generator kept busy
	 * @param measurement the run; CPU is the service process's
	 * @param clientCpuNanos the load generator's own CPU time over the run, or -1
	 * @param residentBefore the service's resident memory before the run, or -1
	 * @param residentAfter and after it, or -1
	 */
	record HttpRun(boolean authentication, int connections, Measurement measurement, long clientCpuNanos,
			long residentBefore, long residentAfter) {
	}

	/**
	 * A service process's start.
	 *
	 * @param authentication whether it required signed tokens
	 * @param readyNanos from starting its JVM to its readiness probe's first 200
	 * @param firstCallNanos the first call after that, on a new connection
	 * @param secondCallNanos the call after it
	 * @param residentAtEnd its resident memory after every run, or -1
	 * @param peakResident the most it held, or -1
	 */
	record Start(boolean authentication, long readyNanos, long firstCallNanos, long secondCallNanos, long residentAtEnd,
			long peakResident) {
	}

	/**
	 * One record size.
	 *
	 * @param entries prefetch entries
	 * @param bytes the request's size
	 * @param floor the floor, in process
	 * @param pipeline the pipeline, in process
	 * @param http over HTTP, one connection, or null when not run
	 * @param residentAfter the service's resident memory after those calls, or -1
	 * @param peakResident the most it held so far, or -1
	 */
	record Size(int entries, int bytes, Measurement floor, Measurement pipeline, Measurement http, long residentAfter,
			long peakResident) {
	}

	private final List<String> header = new ArrayList<>();

	private Measurement floor;

	private Measurement pipeline;

	private String[] stageNames = {};

	private double[] stageMillis = {};

	private final List<HttpRun> http = new ArrayList<>();

	private final List<Start> starts = new ArrayList<>();

	private final List<Size> sizes = new ArrayList<>();

	private long durationNanos;

	void header(String line) {
		header.add(line);
	}

	void floor(Measurement floor) {
		this.floor = floor;
	}

	void pipeline(Measurement pipeline, String[] stageNames, double[] stageMillis) {
		this.pipeline = pipeline;
		this.stageNames = stageNames.clone();
		this.stageMillis = stageMillis.clone();
	}

	void http(HttpRun run) {
		http.add(run);
	}

	void start(Start start) {
		starts.add(start);
	}

	void size(Size size) {
		sizes.add(size);
	}

	/** How long each measured HTTP run lasted, for the memory target. */
	void durationNanos(long durationNanos) {
		this.durationNanos = durationNanos;
	}

	List<HttpRun> httpRuns() {
		return List.copyOf(http);
	}

	/** Calls that did not get the expected answer, over every run. */
	int failures() {
		int failures = (floor == null ? 0 : floor.failures()) + (pipeline == null ? 0 : pipeline.failures());
		failures += http.stream().mapToInt((run) -> run.measurement().failures()).sum();
		for (Size size : sizes) {
			failures += size.floor().failures() + size.pipeline().failures()
					+ (size.http() == null ? 0 : size.http().failures());
		}
		return failures;
	}

	String markdown() {
		StringBuilder text = new StringBuilder();
		header.forEach((line) -> text.append(line).append('\n'));
		text.append('\n').append(mainTable().render());
		text.append("\nCPU per call: in process, this JVM's CPU time over the calls of one thread (GC and JIT ")
			.append("included); over HTTP, the service process's CPU time (/proc) over the calls. × floor: CPU ")
			.append("per call over the floor's.");
		String clientCpu = http.stream()
			.filter((run) -> run.clientCpuNanos() >= 0 && run.measurement().calls() > 0)
			.map((run) -> millis(run.clientCpuNanos() / 1e6 / run.measurement().calls()))
			.collect(Collectors.joining(", "));
		if (!clientCpu.isEmpty()) {
			text.append(" The load generator's own CPU per call (not counted), HTTP rows in order: ")
				.append(clientCpu)
				.append(" ms.");
		}
		text.append('\n');
		List<Measurement> rows = new ArrayList<>();
		if (floor != null) {
			rows.add(floor);
		}
		if (pipeline != null) {
			rows.add(pipeline);
		}
		http.forEach((run) -> rows.add(run.measurement()));
		rows.stream()
			.filter((m) -> m.note() != null)
			.forEach((m) -> text.append("\n").append(m.scenario()).append(": ").append(m.note()).append(".\n"));
		if (stageNames.length > 0) {
			text.append("\n### Stages of the pipeline (in process, typical request)\n\n").append(stageTable().render());
		}
		if (!starts.isEmpty()) {
			text.append("\n### Start and first call\n\n").append(startTable().render());
		}
		if (!sizes.isEmpty()) {
			text.append("\n### Record size\n\n").append(sizeTable().render());
		}
		text.append("\n### Targets (issue 13)\n\n").append(targetTable().render());
		if (failures() > 0) {
			text.append("\nFAILED: ").append(failures()).append(" calls did not get the critical card.\n");
		}
		return text.toString();
	}

	MarkdownTable mainTable() {
		MarkdownTable table = new MarkdownTable("Scenario", "req/s", "p50 ms", "p99 ms", "CPU ms/call", "× floor");
		if (floor != null) {
			row(table, floor);
		}
		if (pipeline != null) {
			row(table, pipeline);
		}
		http.forEach((run) -> row(table, run.measurement()));
		return table;
	}

	private void row(MarkdownTable table, Measurement m) {
		table.row(m.scenario(), rate(m.callsPerSecond()), millis(m.latencies().percentileMillis(50)),
				millis(m.latencies().percentileMillis(99)), millis(m.cpuMillisPerCall()),
				(floor == null) ? "–" : ratio(m.ratioTo(floor)));
	}

	MarkdownTable stageTable() {
		MarkdownTable table = new MarkdownTable("Stage", "mean ms", "share");
		double total = 0;
		for (double millis : stageMillis) {
			total += millis;
		}
		for (int stage = 0; stage < stageNames.length; stage++) {
			table.row(stageNames[stage], millis(stageMillis[stage]), percent(stageMillis[stage] / total));
		}
		table.row("total", millis(total), percent(1));
		return table;
	}

	private MarkdownTable startTable() {
		MarkdownTable table = new MarkdownTable("Service", "start to ready", "first call", "second call",
				"resident memory at the end", "peak");
		for (Start start : starts) {
			table.row(authentication(start.authentication()), seconds(start.readyNanos()),
					millis(start.firstCallNanos() / 1e6) + " ms", millis(start.secondCallNanos() / 1e6) + " ms",
					megabytes(start.residentAtEnd()), megabytes(start.peakResident()));
		}
		return table;
	}

	private MarkdownTable sizeTable() {
		MarkdownTable table = new MarkdownTable("Prefetch entries", "request", "floor p50", "pipeline p50",
				"HTTP p50 (1 connection)", "service resident after", "peak");
		for (Size size : sizes) {
			table.row(String.format(Locale.ROOT, "%,d", size.entries()), kilobytes(size.bytes()),
					millis(size.floor().latencies().percentileMillis(50)) + " ms",
					millis(size.pipeline().latencies().percentileMillis(50)) + " ms",
					(size.http() == null) ? "–" : millis(size.http().latencies().percentileMillis(50)) + " ms",
					megabytes(size.residentAfter()), megabytes(size.peakResident()));
		}
		return table;
	}

	MarkdownTable targetTable() {
		MarkdownTable table = new MarkdownTable("Target", "Measured", "Met").left(1, 2);
		HttpRun off = run(false, 8);
		HttpRun on = run(true, 8);
		if (off != null) {
			Measurement m = off.measurement();
			table.row("8 connections, authentication off: ≥ 2,000 req/s with p99 ≤ 10 ms",
					rate(m.callsPerSecond()) + " req/s, p99 " + millis(m.latencies().percentileMillis(99)) + " ms",
					yes(m.callsPerSecond() >= 2000 && m.latencies().percentileMillis(99) <= 10));
		}
		if (on != null) {
			Measurement m = on.measurement();
			table.row("8 connections, authentication on (ES384): ≥ 1,500 req/s", rate(m.callsPerSecond()) + " req/s",
					yes(m.callsPerSecond() >= 1500));
		}
		if (floor != null && (off != null || on != null)) {
			HttpRun judged = (off != null) ? off : on;
			List<String> ratios = new ArrayList<>();
			for (HttpRun run : new HttpRun[] { off, on }) {
				if (run != null) {
					ratios.add(ratio(run.measurement().ratioTo(floor)) + " (" + authentication(run.authentication())
							+ ")");
				}
			}
			table.row("CPU per call ≤ 2× the floor (8 connections)", String.join(", ", ratios),
					yes(judged.measurement().ratioTo(floor) <= 2));
		}
		if (!starts.isEmpty()) {
			table.row("First call ≤ 100 ms", starts.stream()
				.map((s) -> millis(s.firstCallNanos() / 1e6) + " ms (" + authentication(s.authentication()) + ")")
				.collect(Collectors.joining(", ")),
					yes(starts.stream().allMatch((s) -> s.firstCallNanos() <= 100_000_000L)));
			table.row("Start to ready ≤ 8 s",
					starts.stream()
						.map((s) -> seconds(s.readyNanos()) + " (" + authentication(s.authentication()) + ")")
						.collect(Collectors.joining(", ")),
					yes(starts.stream().allMatch((s) -> s.readyNanos() <= 8_000_000_000L)));
		}
		sizes.stream().filter((s) -> s.entries() == 10_000 && s.http() != null).findFirst().ifPresent((s) -> {
			double p50 = s.http().latencies().percentileMillis(50);
			table.row("A 10,000-entry record ≤ 100 ms (p50)", millis(p50) + " ms", yes(p50 <= 100));
		});
		HttpRun longest = (off != null) ? off : on;
		if (longest != null && longest.residentBefore() > 0 && longest.residentAfter() > 0) {
			String measured = megabytes(longest.residentBefore()) + " → " + megabytes(longest.residentAfter())
					+ " over " + seconds(durationNanos) + " (8 connections)";
			boolean tenMinutes = durationNanos >= 600_000_000_000L;
			table.row("Resident memory flat under a 10-minute load", measured, tenMinutes
					? yes(longest.residentAfter() <= longest.residentBefore() * 1.1) : "not judged: run duration=600");
		}
		return table;
	}

	private HttpRun run(boolean authentication, int connections) {
		return http.stream()
			.filter((run) -> run.authentication() == authentication && run.connections() == connections)
			.findFirst()
			.orElse(null);
	}

	static String authentication(boolean on) {
		return on ? "authentication on" : "authentication off";
	}

	static String yes(boolean met) {
		return met ? "yes" : "**no**";
	}

	/** Milliseconds with three significant figures or so; a dash when unknown. */
	static String millis(double millis) {
		if (Double.isNaN(millis) || Double.isInfinite(millis)) {
			return "–";
		}
		if (millis < 1) {
			return String.format(Locale.ROOT, "%.3f", millis);
		}
		if (millis < 10) {
			return String.format(Locale.ROOT, "%.2f", millis);
		}
		if (millis < 100) {
			return String.format(Locale.ROOT, "%.1f", millis);
		}
		return String.format(Locale.ROOT, "%,.0f", millis);
	}

	static String rate(double perSecond) {
		return Double.isNaN(perSecond) ? "–" : String.format(Locale.ROOT, "%,.0f", perSecond);
	}

	static String ratio(double ratio) {
		return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.1f×", ratio);
	}

	static String percent(double fraction) {
		return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%.0f %%", fraction * 100);
	}

	static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
	}

	static String megabytes(long bytes) {
		return (bytes < 0) ? "–" : String.format(Locale.ROOT, "%,d MB", Math.round(bytes / 1048576.0));
	}

	static String kilobytes(long bytes) {
		return String.format(Locale.ROOT, "%,d KB", Math.round(bytes / 1024.0));
	}

}
