package org.ldncds.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;

/**
 * What the first HTTP calls to a freshly started service cost, against the later ones, in
 * measures that hold on a busy machine: the service process's CPU time per call
 * ({@code /proc}) and the classes it loads during each call (its class-loading log), as
 * well as the time. A service that has warmed up before saying it is ready loads no class
 * on its first call and spends about the CPU time of its tenth.
 *
 * <p>
 * Not a test: {@code mvn -B -Pbenchmark test-compile exec:exec@first-calls}, options
 * {@code -Dbench.first-calls.args="auth=on calls=10"}. The classes each call loaded are
 * listed in {@code target/benchmark/first-calls/*}{@code /classes-of-call-N.txt}.
 */
public final class FirstCalls {

	private static final String PATH = "/cds-services/" + TypicalOrderSelect.SERVICE_ID;

	private FirstCalls() {
	}

	public static void main(String[] args) throws Exception {
		boolean authentication = List.of(args).contains("auth=on");
		int calls = List.of(args)
			.stream()
			.filter((arg) -> arg.startsWith("calls="))
			.mapToInt((arg) -> Integer.parseInt(arg.substring(6)))
			.findFirst()
			.orElse(10);
		Path work = Files
			.createDirectories(Path.of("target", "benchmark", "first-calls",
					authentication ? "authentication-on" : "authentication-off"))
			.toAbsolutePath();
		Path classLog = work.resolve("classes.log");
		Files.deleteIfExists(classLog);
		ClientTokens client = authentication ? new ClientTokens() : null;
		List<String> arguments = new ArrayList<>(
				List.of("--spring.datasource.url=jdbc:h2:file:./data/ldn-cds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH", "--ldn.audit.journal-directory=data/audit-journal"));
		arguments.addAll(authentication ? client.serviceArguments(client.writePublicKeys(work))
				: List.of("--ldn.security.enabled=false"));
		List<String> jvm = List.of("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch", "-XX:+ExitOnOutOfMemoryError",
				"-Xlog:class+load=info:file=" + classLog);
		byte[] typical = TypicalOrderSelect.requestBody();
		try (ServerProcess service = ServerProcess.start(null, jvm, arguments, work)) {
			HttpLoad load = new HttpLoad(service.port(), PATH);
			Queue<String> tokens = authentication ? client.mint(calls, "http://127.0.0.1:" + service.port() + PATH)
					: null;
			System.out.printf(Locale.ROOT, "authentication %s; ready after %.1f s%n", authentication ? "on" : "off",
					service.startToReadyNanos() / 1e9);
			System.out.println("call | ms | service CPU ms | classes loaded");
			for (int call = 1; call <= calls; call++) {
				long linesBefore = lines(classLog);
				long cpuBefore = service.cpuNanos().orElse(-1);
				long nanos = load.timeOneCall(typical, authentication ? tokens.poll() : null);
				// The answer is sent before the call's last steps (the audit listener).
				Thread.sleep(200);
				long cpu = service.cpuNanos().orElse(-1) - cpuBefore;
				List<String> loaded = Files.readAllLines(classLog).stream().skip(linesBefore).toList();
				Files.write(work.resolve("classes-of-call-" + call + ".txt"), loaded);
				System.out.printf(Locale.ROOT, "%4d | %6.1f | %6.1f | %d%n", call, nanos / 1e6, cpu / 1e6,
						loaded.size());
			}
		}
	}

	private static long lines(Path file) throws java.io.IOException {
		try (var stream = Files.lines(file)) {
			return stream.count();
		}
	}

}
