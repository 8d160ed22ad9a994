package org.ldncds.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ldncds.LdnCdsApplication;
import org.ldncds.audit.AuditTrail;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Startup waits for a database that is not there yet (still starting, briefly
 * unreachable, slow on a loaded host) instead of failing at the first refusal, and gives
 * up after {@code ldn.database.startup-timeout}, saying why. The database is behind a
 * proxy that refuses every connection until the test opens it. Run against H2 (server
 * mode) and PostgreSQL by the subclasses.
 */
abstract class DatabaseStartupContractIT {

	private static final Duration CLOSED_FOR = Duration.ofSeconds(5);

	private final ScheduledExecutorService opener = Executors.newSingleThreadScheduledExecutor();

	abstract ProxiedDatabase database(String name);

	@AfterEach
	void stop() {
		opener.shutdownNow();
	}

	@Test
	void startsOnceTheDatabaseAnswersSecondsLater() throws Exception {
		ProxiedDatabase database = database("ldn_startup_late");
		database.cut();
		// Opened a while after the first attempt to connect: longer than the pool waits
		// for a connection (2 s), as a database still starting or a loaded host.
		opener.submit(() -> {
			if (database.awaitRefusal(Duration.ofMinutes(2))) {
				Thread.sleep(CLOSED_FOR.toMillis());
			}
			database.restore();
			return null;
		});

		try (ConfigurableApplicationContext service = start(database.throughProxy())) {
			assertThat(database.awaitRefusal(Duration.ZERO)).as("the first attempt was refused").isTrue();
			CdsClient http = new CdsClient(((WebServerApplicationContext) service).getWebServer().getPort());
			assertThat(http.get("/actuator/health").status()).isEqualTo(200);
			ExampleCall call = ExampleCall.example();
			call.callOk(http);
			assertThat(service.getBean(AuditTrail.class).awaitDrained(Duration.ofSeconds(30))).isTrue();
			assertThat(new AuditTables(service.getBean(JdbcClient.class)).callWithHookInstance(call.hookInstance()))
				.as("migrated and written")
				.isPresent();
		}
	}

	@Test
	void givesUpAfterTheStartupTimeoutSayingWhy() {
		ProxiedDatabase database = database("ldn_startup_never");
		database.cut();
		long started = System.nanoTime();

		assertThatThrownBy(() -> start(database.throughProxy(), "--ldn.database.startup-timeout=3s"))
			.satisfies((failure) -> assertThat(causes(failure)).anySatisfy((cause) -> {
				assertThat(cause).isInstanceOf(DatabaseStartup.DatabaseUnavailableException.class);
				assertThat(cause)
					.hasMessageContaining("The database did not answer within PT3S (ldn.database.startup-timeout)");
			}));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	private static ConfigurableApplicationContext start(Database database, String... more) {
		List<String> arguments = new ArrayList<>(database.arguments());
		arguments.add("--server.port=0");
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(LdnCdsApplication.class).run(arguments.toArray(String[]::new));
	}

}
