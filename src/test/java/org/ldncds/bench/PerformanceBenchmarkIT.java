package org.ldncds.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The performance benchmark runs end to end, briefly: the floor and the pipeline in
 * process, the service started as a process of its own with the benchmark's client key
 * registered, signed calls over 1 and 2 connections, a larger record, and the report. The
 * figures themselves are not judged here (README, "Performance").
 */
class PerformanceBenchmarkIT {

	@Test
	void runsEndToEndAndPrintsTheReport() throws Exception {
		BenchOptions options = BenchOptions.parse("duration=0.5", "warmup=0.5", "in-process=0.2", "connections=1,2",
				"auth=on", "entries=100");
		ByteArrayOutputStream progress = new ByteArrayOutputStream();

		BenchReport report = PerformanceBenchmark.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

		String markdown = report.markdown();
		assertThat(report.failures()).as(markdown).isZero();
		assertThat(report.httpRuns()).hasSize(2).allSatisfy((run) -> {
			assertThat(run.authentication()).isTrue();
			assertThat(run.measurement().calls()).isPositive();
			if (System.getProperty("os.name").equals("Linux")) {
				assertThat(run.measurement().cpuMillisPerCall()).isPositive();
			}
		});
		assertThat(markdown).contains("| Floor: Jackson tree + HAPI R4 parse of the same bytes (4 resources)",
				"| Pipeline without HTTP", "| HTTP, authentication on (ES384, a token per call), 1 connection ",
				"| HTTP, authentication on (ES384, a token per call), 2 connections ", "### Stages of the pipeline",
				"| rules: Drools session", "### Start and first call", "### Record size", "| 100 ",
				"### Targets (issue 13)", "| Start to ready ≤ 8 s");
		assertThat(progress.toString(StandardCharsets.UTF_8)).contains("HTTP, authentication on: ready after");
	}

}
