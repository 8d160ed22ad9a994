package org.ldncds.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.ldncds.LdnCdsApplication;

/**
 * The service as a process of its own, on 127.0.0.1: the packaged jar when there is one,
 * else this JVM's class path. Its working directory is a fresh folder, so that the
 * default H2 audit database and journal ({@code ./data}) start empty there. On Linux its
 * CPU time and resident memory are read from {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {

	private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);

	private static final long CLOCK_TICKS_PER_SECOND = clockTicksPerSecond();

	private final Process process;

	private final int port;

	private final long startToReadyNanos;

	private final Thread killer;

	private ServerProcess(Process process, int port, long startToReadyNanos, Thread killer) {
		this.process = process;
		this.port = port;
		this.startToReadyNanos = startToReadyNanos;
		this.killer = killer;
	}

	/**
	 * Starts the service and waits until its readiness probe answers 200.
	 * @param jar the packaged application, or null to run from this JVM's class path
	 * @param jvmOptions options for the service's JVM
	 * @param arguments Spring Boot arguments ({@code --name=value})
	 * @param directory its working directory; its output goes to {@code service.log}
	 * there
	 */
	static ServerProcess start(Path jar, List<String> jvmOptions, List<String> arguments, Path directory)
			throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		if (jar != null) {
			command.add("-jar");
			command.add(jar.toAbsolutePath().toString());
		}
		else {
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(LdnCdsApplication.class.getName());
		}
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.addAll(arguments);
		Path log = directory.resolve("service.log");
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		// Should the benchmark be stopped (Ctrl-C), the service goes with it.
		Thread killer = new Thread(process::destroyForcibly, "stop-service-" + process.pid());
		Runtime.getRuntime().addShutdownHook(killer);
		try {
			long ready = awaitReady(process, port, log) - started;
			return new ServerProcess(process, port, ready, killer);
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			process.destroyForcibly();
			Runtime.getRuntime().removeShutdownHook(killer);
			throw ex;
		}
	}

	int port() {
		return port;
	}

	long pid() {
		return process.pid();
	}

	/** From starting the JVM to the first 200 from /actuator/health/readiness. */
	long startToReadyNanos() {
		return startToReadyNanos;
	}

	/** User and system CPU time of the whole process so far, when /proc tells it. */
	OptionalLong cpuNanos() {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"), StandardCharsets.US_ASCII);
			// Fields after the command name in parentheses: state is field 3, utime 14,
			// stime 15 (proc(5)).
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return OptionalLong.of(ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND);
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

	/** Resident memory now ({@code VmRSS}), in bytes, when /proc tells it. */
	OptionalLong residentBytes() {
		return status("VmRSS:");
	}

	/** The most resident memory so far ({@code VmHWM}), in bytes. */
	OptionalLong peakResidentBytes() {
		return status("VmHWM:");
	}

	private OptionalLong status(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
				if (line.startsWith(field)) {
					String kilobytes = line.substring(field.length()).trim().split("\\s+")[0];
					return OptionalLong.of(Long.parseLong(kilobytes) * 1024);
				}
			}
			return OptionalLong.empty();
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

	/** Stops it as an orchestrator would (SIGTERM, then SIGKILL after 30 s). */
	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
		}
		Runtime.getRuntime().removeShutdownHook(killer);
	}

	private static long awaitReady(Process process, int port, Path log) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The service ended at startup; see " + log);
			}
			try {
				if (client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return System.nanoTime();
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("The service was not ready within " + STARTUP_LIMIT + "; see " + log);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** USER_HZ: 100 on every common Linux; getconf says when it is not. */
	private static long clockTicksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
				return Long.parseLong(answer);
			}
		}
		catch (IOException | RuntimeException ex) {
			// No getconf: the usual value.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 100;
	}

}
