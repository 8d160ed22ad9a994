package org.ldncds.db;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ldncds.LdnCdsApplication;

/**
 * The service in a JVM of its own, on the test's class path, so that a test can kill it
 * as an operator or the kernel would ({@code kill -9}) and look at what it left behind.
 * Its output goes to a file under {@code target/}.
 */
public final class ServiceProcess implements AutoCloseable {

	/** At most: a machine busy with other builds can be slow to compile the rules. */
	private static final Duration STARTUP = Duration.ofMinutes(5);

	private final Process process;

	private final int port;

	private final Path output;

	/**
	 * Kills the process (by its pid) if the test JVM ends before the test closes it (an
	 * interrupted build): no service is left running.
	 */
	private final Thread killAtExit;

	private ServiceProcess(Process process, int port, Path output) {
		this.process = process;
		this.port = port;
		this.output = output;
		this.killAtExit = new Thread(process::destroyForcibly, "kill-service-" + process.pid());
		Runtime.getRuntime().addShutdownHook(killAtExit);
	}

	/** Starts the service with these arguments and waits until it answers. */
	public static ServiceProcess start(List<String> arguments) throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx512m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(LdnCdsApplication.class.getName());
		command.add("--server.port=" + port);
		command.addAll(arguments);
		Path output = Files.createDirectories(Path.of("target", "service-process")).resolve("service-" + port + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.directory(new File("."))
			.start();
		ServiceProcess service = new ServiceProcess(process, port, output);
		service.awaitAnswering();
		return service;
	}

	public int port() {
		return port;
	}

	/** The file holding what the process wrote on its standard output and error. */
	public Path output() {
		return output;
	}

	/**
	 * Kills the process at once, as {@code kill -9} does: nothing of it runs any more.
	 */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The service process did not die");
		}
		forgetAtExit();
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			kill();
		}
		forgetAtExit();
	}

	private void forgetAtExit() {
		try {
			Runtime.getRuntime().removeShutdownHook(killAtExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook runs, and finds the process gone.
		}
	}

	private void awaitAnswering() throws InterruptedException, IOException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The service process ended at startup; see " + output);
			}
			try {
				if (client.send(health, BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		kill();
		throw new IllegalStateException("The service process did not answer within " + STARTUP + "; see " + output);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
