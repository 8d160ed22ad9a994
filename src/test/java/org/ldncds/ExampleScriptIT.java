package org.ldncds;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/order-select.sh}, the README's first command, run as a newcomer runs
 * it: against the service, and against a port where nothing listens.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ldn.security.enabled=true")
class ExampleScriptIT {

	private static final String SCRIPT = "examples/order-select.sh";

	private static final String REQUEST = "examples/order-select-ldn-with-oxycodone.json";

	@LocalServerPort
	int port;

	@Test
	void againstTheRunningServicePrintsTheCriticalCardSignedByTheDemoClient() throws Exception {
		Run run = run(REQUEST, "http://127.0.0.1:" + port);

		assertThat(run.exitCode()).as(run.stderr()).isZero();
		JsonNode cards = new ObjectMapper().readTree(run.stdout()).path("cards");
		assertThat(cards).extracting((card) -> card.path("indicator").asText()).contains("critical");
	}

	@Test
	void whenNothingListensSaysSoAndPrintsItsUsage() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}

		Run run = run(REQUEST, "http://127.0.0.1:" + closedPort);

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr()).contains("no ldn-cds answers at http://127.0.0.1:" + closedPort)
			.contains("Is it running")
			.contains("Usage: order-select.sh [request.json] [base URL]")
			.contains("mvn spring-boot:run");
	}

	@Test
	void whenTheRequestFileIsMissingSaysWhich() throws Exception {
		Run run = run("examples/no-such-request.json", "http://127.0.0.1:" + port);

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.stderr()).contains("cannot read the request file examples/no-such-request.json")
			.contains("Usage:");
	}

	@Test
	void helpPrintsTheUsage() throws Exception {
		Run run = run("--help");

		assertThat(run.exitCode()).isZero();
		assertThat(run.stderr()).contains("Usage: order-select.sh");
	}

	private static Run run(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", SCRIPT));
		command.addAll(List.of(arguments));
		Path stdout = Files.createTempFile("order-select", ".out");
		Path stderr = Files.createTempFile("order-select", ".err");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(SCRIPT + " did not finish within 60 s");
			}
			return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
					Files.readString(stderr, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

	private record Run(int exitCode, String stdout, String stderr) {
	}

}
