package org.ldncds.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The benchmark's arithmetic and its report, without running anything: percentiles,
 * rates, CPU per call and its ratio to the floor, the tables, the request it sends, and
 * its options.
 */
class BenchReportTest {

	@Test
	void percentilesAreNearestRank() {
		Latencies latencies = Latencies.ofNanos(shuffledMillis(100));

		assertThat(latencies.count()).isEqualTo(100);
		assertThat(latencies.percentileMillis(0)).isEqualTo(1.0);
		assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
		assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
		assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
		assertThat(latencies.meanMillis()).isEqualTo(50.5);
	}

	@Test
	void percentilesOfOtherCounts() {
		Latencies thousand = Latencies.ofNanos(shuffledMillis(1000));
		assertThat(thousand.percentileMillis(50)).isEqualTo(500.0);
		assertThat(thousand.percentileMillis(99)).isEqualTo(990.0);
		assertThat(thousand.percentileMillis(99.9)).isEqualTo(999.0);

		// Ten calls: the 99th percentile is the slowest, the median the fifth.
		Latencies ten = Latencies.ofNanos(shuffledMillis(10));
		assertThat(ten.percentileMillis(99)).isEqualTo(10.0);
		assertThat(ten.percentileMillis(50)).isEqualTo(5.0);

		Latencies one = Latencies.ofNanos(7_500_000);
		assertThat(one.percentileMillis(50)).isEqualTo(7.5);
		assertThat(one.percentileMillis(99)).isEqualTo(7.5);

		Latencies none = Latencies.ofNanos();
		assertThat(none.percentileMillis(50)).isNaN();
		assertThat(none.meanMillis()).isNaN();
		assertThatIllegalArgumentException().isThrownBy(() -> one.percentileMillis(101));
	}

	@Test
	void rateCpuPerCallAndRatioToTheFloor() {
		// 400 calls in 2 s using 1.2 s of CPU: 200/s, 3 ms each.
		Measurement http = measurement("http", 400, 2_000_000_000L, 1_200_000_000L);
		// 1,000 calls in 1 s using 1 s of CPU: 1 ms each.
		Measurement floor = measurement("floor", 1000, 1_000_000_000L, 1_000_000_000L);

		assertThat(http.callsPerSecond()).isCloseTo(200.0, within(1e-9));
		assertThat(http.cpuMillisPerCall()).isCloseTo(3.0, within(1e-9));
		assertThat(http.ratioTo(floor)).isCloseTo(3.0, within(1e-9));
		assertThat(measurement("unknown", 10, 1_000_000, -1).cpuMillisPerCall()).isNaN();
	}

	@Test
	void mainTableRowsAndRatios() {
		BenchReport report = new BenchReport();
		report.floor(measurement("Floor", 1000, 1_000_000_000L, 1_000_000_000L));
		report.http(new BenchReport.HttpRun(false, 8, measurement("HTTP off, 8", 400, 2_000_000_000L, 1_200_000_000L),
				100_000_000L, -1, -1));

		String table = report.mainTable().render();

		assertThat(table.lines().toList()).hasSize(4);
		assertThat(table.lines().toList().get(0))
			.matches("\\| Scenario +\\| req/s \\| p50 ms \\| p99 ms \\| CPU ms/call \\| × floor \\|");
		assertThat(table.lines().toList().get(2)).matches("\\| Floor +\\| +1,000 \\| .* \\| +1\\.00 \\| +1\\.0× \\|");
		assertThat(table.lines().toList().get(3))
			.matches("\\| HTTP off, 8 +\\| +200 \\| .* \\| +3\\.00 \\| +3\\.0× \\|");
		List<String> targets = report.targetTable().render().lines().toList();
		assertThat(targets.get(2))
			.matches("\\| 8 connections, authentication off: .* \\| 200 req/s, p99 5\\.00 ms +\\| \\*\\*no\\*\\* \\|");
		assertThat(targets.get(3))
			.matches("\\| CPU per call ≤ 2× the floor .* \\| 3\\.0× \\(authentication off\\) +\\| \\*\\*no\\*\\* \\|");
	}

	@Test
	void stageSharesAddUpToTheWhole() {
		BenchReport report = new BenchReport();
		report.pipeline(measurement("Pipeline", 10, 10_000_000L, 10_000_000L), new String[] { "parse", "rules" },
				new double[] { 0.75, 0.25 });

		assertThat(report.stageTable().render()).isEqualTo("""
				| Stage | mean ms | share |
				| ----- | ------: | ----: |
				| parse |   0.750 |  75 % |
				| rules |   0.250 |  25 % |
				| total |    1.00 | 100 % |
				""");
	}

	@Test
	void markdownTablesLineUp() {
		String table = new MarkdownTable("What", "n", "note").left(2)
			.row("a|b", "1", "x")
			.row("long label", "1,234", "two\nlines")
			.render();

		assertThat(table).isEqualTo("""
				| What       |     n | note      |
				| ---------- | ----: | --------- |
				| a\\|b       |     1 | x         |
				| long label | 1,234 | two lines |
				""");
		assertThatIllegalArgumentException().isThrownBy(() -> new MarkdownTable("a", "b").row("only one"));
	}

	@Test
	void figuresAreFormattedToTheirPrecision() {
		assertThat(BenchReport.millis(0.4123)).isEqualTo("0.412");
		assertThat(BenchReport.millis(7.456)).isEqualTo("7.46");
		assertThat(BenchReport.millis(54.04)).isEqualTo("54.0");
		assertThat(BenchReport.millis(1234.4)).isEqualTo("1,234");
		assertThat(BenchReport.millis(Double.NaN)).isEqualTo("–");
		assertThat(BenchReport.ratio(2.04)).isEqualTo("2.0×");
		assertThat(BenchReport.megabytes(3L << 20)).isEqualTo("3 MB");
		assertThat(BenchReport.megabytes(-1)).isEqualTo("–");
	}

	@Test
	void theTypicalRequestIsAbout40KbWithTheRecordItDescribes() throws Exception {
		byte[] typical = TypicalOrderSelect.requestBody();
		JsonNode request = new ObjectMapper().readTree(typical);

		assertThat(typical.length).isBetween(35_000, 45_000);
		assertThat(request.at("/prefetch/medications/entry").size()).isEqualTo(20);
		assertThat(request.at("/prefetch/conditions/entry").size()).isEqualTo(30);
		assertThat(new String(typical, StandardCharsets.UTF_8)).contains("\"code\":\"1049621\"");

		JsonNode large = new ObjectMapper().readTree(TypicalOrderSelect.requestBody(1000));
		assertThat(large.at("/prefetch/medications/entry").size()).isEqualTo(400);
		assertThat(large.at("/prefetch/conditions/entry").size()).isEqualTo(600);
	}

	@Test
	void theFloorReadsEachFhirResourceFromItsOwnBytes() throws Exception {
		byte[] body = TypicalOrderSelect.requestBody();
		List<String> types = new ArrayList<>();
		for (int[] range : Floor.resourcesIn(body)) {
			JsonNode resource = new ObjectMapper()
				.readTree(new String(body, range[0], range[1], StandardCharsets.UTF_8));
			types.add(resource.get("resourceType").asText() + "/" + resource.path("id").asText());
		}

		assertThat(types).containsExactly("Bundle/", "Patient/bench-patient", "Bundle/bench-search-20",
				"Bundle/bench-search-30");
	}

	@Test
	void optionsHaveDefaultsAndRefuseUnknownKeys() {
		BenchOptions defaults = BenchOptions.parse();
		assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(8));
		assertThat(defaults.connections()).containsExactly(1, 8);
		assertThat(defaults.authentication()).containsExactly(false, true);
		assertThat(defaults.entries()).containsExactly(100, 1000, 10000);
		assertThat(defaults.jar()).isNull();

		BenchOptions given = BenchOptions.parse("duration=0.5", "auth=on", "entries=", "jar=/nowhere.jar");
		assertThat(given.duration()).isEqualTo(Duration.ofMillis(500));
		assertThat(given.authentication()).containsExactly(true);
		assertThat(given.entries()).isEmpty();
		assertThat(given.jar()).as("a jar that is not there: the class path").isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("threads=4"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("auth=maybe"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("duration=0"));
	}

	@Test
	void answersAreSearchedForTheCriticalCard() {
		byte[] critical = "{\"cards\":[{\"indicator\":\"critical\"}]}".getBytes(StandardCharsets.US_ASCII);
		byte[] info = "{\"cards\":[{\"indicator\":\"info\"}]}".getBytes(StandardCharsets.US_ASCII);
		byte[] needle = "\"indicator\":\"critical\"".getBytes(StandardCharsets.US_ASCII);

		assertThat(HttpLoad.contains(critical, needle)).isTrue();
		assertThat(HttpLoad.contains(info, needle)).isFalse();
		assertThat(HttpLoad.contains(new byte[0], needle)).isFalse();
	}

	private static Measurement measurement(String scenario, int calls, long elapsedNanos, long cpuNanos) {
		long[] latencies = new long[calls];
		java.util.Arrays.fill(latencies, elapsedNanos / calls);
		return new Measurement(scenario, Latencies.ofNanos(latencies), elapsedNanos, cpuNanos, 0, null);
	}

	/** 1 ms, 2 ms ... n ms, in a random order. */
	private static long[] shuffledMillis(int n) {
		List<Long> values = new ArrayList<>();
		for (long i = 1; i <= n; i++) {
			values.add(i * 1_000_000);
		}
		Collections.shuffle(values, new Random(13));
		return values.stream().mapToLong(Long::longValue).toArray();
	}

}
