package org.ldncds.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.LdnCdsApplication;
import org.ldncds.db.AuditTables;
import org.ldncds.db.Database;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.ProxiedDatabase;
import org.ldncds.db.ServiceProcess;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit records outlive the process that took them: those not written when the service
 * stops with its database down, or when it is killed ({@code kill -9}), are in the local
 * journal and written at the next start, each exactly once, even when the same journal is
 * read again after a crash in the middle of writing it. Run against H2 (server mode) and
 * PostgreSQL by the subclasses.
 */
abstract class AuditJournalContractIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final List<AutoCloseable> started = new ArrayList<>();

	/** A fresh database of this name, reached through a proxy. */
	abstract ProxiedDatabase database(String name);

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable service : started) {
			service.close();
		}
	}

	@Test
	void recordsLeftAtAStopWithTheDatabaseDownAreWrittenAtTheNextStartExactlyOnce(@TempDir Path journal,
			@TempDir Path copy) throws Exception {
		ProxiedDatabase database = database("ldn_journal_stop");
		List<ExampleCall> calls = new ArrayList<>();
		try (ConfigurableApplicationContext first = start(database.throughProxy(), journal)) {
			ExampleCall.example().callOk(http(first));
			assertThat(first.getBean(AuditTrail.class).awaitDrained(PATIENCE)).isTrue();
			database.cut();
			for (int i = 0; i < 5; i++) {
				ExampleCall call = ExampleCall.example();
				call.callOk(http(first));
				calls.add(call);
			}
		}
		String kept = content(journal);
		for (ExampleCall call : calls) {
			assertThat(kept).as("records kept in the journal at the stop").contains(call.hookInstance());
		}
		copySegments(journal, copy);
		database.restore();

		try (ConfigurableApplicationContext second = start(database.throughProxy(), journal)) {
			assertThat(second.getBean(AuditTrail.class).awaitDrained(PATIENCE)).isTrue();
			assertWrittenOnce(database, calls);
		}
		assertThat(segments(journal)).as("nothing left once written").isEmpty();

		// A crash while the journal was being written: the same records are read again.
		copySegments(copy, journal);
		try (ConfigurableApplicationContext third = start(database.throughProxy(), journal)) {
			assertThat(third.getBean(AuditTrail.class).awaitDrained(PATIENCE)).isTrue();
			assertWrittenOnce(database, calls);
		}
	}

	@Test
	void recordsOfAnsweredCallsSurviveKillDashNine(@TempDir Path journal) throws Exception {
		ProxiedDatabase database = database("ldn_journal_kill");
		List<ExampleCall> answered = new ArrayList<>();
		ServiceProcess process = ServiceProcess.start(arguments(database.throughProxy(), journal));
		started.add(process);
		CdsClient http = new CdsClient(process.port());
		for (int i = 0; i < 10; i++) {
			answered.add(callOk(http));
		}
		// The database goes away: the records of the next calls cannot be written.
		database.cut();
		for (int i = 0; i < 30; i++) {
			answered.add(callOk(http));
		}
		process.kill();
		database.restore();

		try (ConfigurableApplicationContext next = start(database.throughProxy(), journal)) {
			assertThat(next.getBean(AuditTrail.class).awaitDrained(PATIENCE)).isTrue();
			assertWrittenOnce(database, answered);
		}
	}

	private static ExampleCall callOk(CdsClient http) {
		ExampleCall call = ExampleCall.example();
		call.callOk(http);
		return call;
	}

	private static void assertWrittenOnce(ProxiedDatabase database, List<ExampleCall> calls) {
		Database direct = database.direct();
		AuditTables tables = new AuditTables(
				JdbcClient.create(new DriverManagerDataSource(direct.url(), direct.username(), direct.password())));
		for (ExampleCall call : calls) {
			assertThat(tables.count("service_call", "hook_instance", call.hookInstance()))
				.as("rows of call %s", call.hookInstance())
				.isOne();
		}
	}

	private static ConfigurableApplicationContext start(Database database, Path journal) {
		List<String> arguments = arguments(database, journal);
		arguments.add("--server.port=0");
		return new SpringApplicationBuilder(LdnCdsApplication.class).run(arguments.toArray(String[]::new));
	}

	private static List<String> arguments(Database database, Path journal) {
		List<String> arguments = new ArrayList<>(database.arguments());
		arguments.add("--ldn.audit.journal-directory=" + journal);
		arguments.add("--ldn.audit.shutdown-timeout=1s");
		arguments.add("--ldn.audit.retry-interval=200ms");
		arguments.add("--spring.datasource.hikari.connection-timeout=500");
		arguments.add("--spring.datasource.hikari.validation-timeout=250");
		return arguments;
	}

	private static CdsClient http(ConfigurableApplicationContext context) {
		return new CdsClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	private static String content(Path journal) throws IOException {
		StringBuilder content = new StringBuilder();
		for (Path segment : segments(journal)) {
			content.append(Files.readString(segment));
		}
		return content.toString();
	}

	private static void copySegments(Path from, Path to) throws IOException {
		for (Path segment : segments(from)) {
			Files.copy(segment, to.resolve(segment.getFileName()));
		}
	}

	private static List<Path> segments(Path journal) throws IOException {
		try (Stream<Path> files = Files.list(journal)) {
			return files.filter((file) -> file.toString().endsWith(".jsonl")).sorted().toList();
		}
	}

}
