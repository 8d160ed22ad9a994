package org.ldncds.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's options, {@code key=value} each (see README, "Performance").
 *
 * @param duration each measured HTTP run
 * @param warmup the calls sent to each new service process before measuring
 * @param inProcess each in-process measurement; the warm-up before them is twice as long
 * @param connections the HTTP runs' connection counts
 * @param authentication which HTTP runs: without authentication (false), with (true)
 * @param entries the record sizes besides the typical one (prefetch entries)
 * @param serverJvm the service's JVM options
 * @param jar the packaged application; null (or missing) runs the service from the class
 * path
 * @param out where the report is written as well, or null
 */
record BenchOptions(Duration duration, Duration warmup, Duration inProcess, List<Integer> connections,
		List<Boolean> authentication, List<Integer> entries, List<String> serverJvm, Path jar, Path out) {

	private static final Set<String> KEYS = Set.of("duration", "warmup", "in-process", "connections", "auth", "entries",
			"server-jvm", "jar", "out");

	static BenchOptions parse(String... args) {
		Map<String, String> given = new HashMap<>();
		for (String arg : args) {
			if (arg.isBlank()) {
				continue;
			}
			int equals = arg.indexOf('=');
			String key = (equals < 1) ? arg : arg.substring(0, equals);
			if (equals < 1 || !KEYS.contains(key)) {
				throw new IllegalArgumentException("options are key=value with a key of " + KEYS + ", not " + arg);
			}
			given.put(key, arg.substring(equals + 1));
		}
		Path jar = given.containsKey("jar") ? Path.of(given.get("jar")) : null;
		return new BenchOptions(seconds(given.getOrDefault("duration", "8")),
				seconds(given.getOrDefault("warmup", "6")), seconds(given.getOrDefault("in-process", "3")),
				numbers(given.getOrDefault("connections", "1,8")), authentication(given.getOrDefault("auth", "off,on")),
				numbers(given.getOrDefault("entries", "100,1000,10000")),
				// The heap the shipped deployment gives the service: 60% of its 1280Mi
				// memory limit, fixed and touched at start, so that the 10,000-entry
				// record is measured within it.
				list(given.getOrDefault("server-jvm", SERVER_JVM)),
				(jar != null && Files.isRegularFile(jar)) ? jar : null,
				given.containsKey("out") ? Path.of(given.get("out")) : null);
	}

	/** The service's JVM options unless given: the shipped deployment's heap. */
	static final String SERVER_JVM = "-Xms768m,-Xmx768m,-XX:+AlwaysPreTouch,-XX:+ExitOnOutOfMemoryError";

	/** The largest record any call sends, for the service's bundle limit. */
	int largestRecord() {
		return entries.stream().mapToInt(Integer::intValue).max().orElse(0);
	}

	/** Seconds, fractions allowed ({@code 0.5}). */
	private static Duration seconds(String text) {
		Duration duration = Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("a time in seconds above 0, not " + text);
		}
		return duration;
	}

	private static List<Integer> numbers(String text) {
		List<Integer> numbers = list(text).stream().map(Integer::valueOf).toList();
		if (numbers.stream().anyMatch((n) -> n < 1)) {
			throw new IllegalArgumentException("counts above 0, not " + text);
		}
		return numbers;
	}

	private static List<Boolean> authentication(String text) {
		return list(text).stream().map((mode) -> switch (mode) {
			case "off" -> false;
			case "on" -> true;
			default -> throw new IllegalArgumentException("auth is off, on or off,on, not " + text);
		}).toList();
	}

	private static List<String> list(String text) {
		return Arrays.stream(text.split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList();
	}

}
