package org.ldncds.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ldncds.db.Database;
import org.ldncds.db.Eventually;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.FeedbackJson;
import org.ldncds.db.RequiresPostgres;
import org.ldncds.db.ServiceProcess;
import org.ldncds.testing.CdsClient;
import org.ldncds.db.TestDatabases;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service as separate processes, as behind a load balancer, with the
 * {@code prod} profile, sharing the machine's PostgreSQL (a schema of their own) and
 * Redis (database 9): a token used on one is refused on the other; feedback on a card one
 * issued is accepted by the other; the audit purge, scheduled every two seconds on both,
 * runs once; and with one instance killed ({@code kill -9}) under load the other keeps
 * answering, and every call answered 200 by either is audited exactly once (the killed
 * instance's journal is written when it starts again). Both processes are started once
 * for the class; the tests run in order, the kill last.
 */
@RequiresPostgres
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

	private static final ECKey KEY = TestKeys.ec();

	private static final String SECRET = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes());

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static JwksServer jwks;

	private static Database database;

	private static JdbcClient jdbc;

	private static Path journals;

	private static ServiceProcess a;

	private static ServiceProcess b;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		jwks = JwksServer.serving(KEY);
		database = TestDatabases.postgres("ldn_two_instances");
		jdbc = JdbcClient.create(new DriverManagerDataSource(database.url(),
				(database.username() == null) ? null : database.username(), database.password()));
		journals = Path.of("target", "two-instances", UUID.randomUUID().toString());
		CompletableFuture<ServiceProcess> first = CompletableFuture.supplyAsync(() -> start("a"));
		CompletableFuture<ServiceProcess> second = CompletableFuture.supplyAsync(() -> start("b"));
		a = first.get(6, TimeUnit.MINUTES);
		b = second.get(6, TimeUnit.MINUTES);
	}

	private static ServiceProcess start(String name) {
		List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=prod", "--ldn.security.enabled=true",
				"--" + Audiences.PROPERTY + "=" + ReplayServices.PUBLIC_BASE_URL,
				"--ldn.security.clients[0].issuer=" + ReplayServices.ISSUER,
				"--ldn.security.clients[0].jwks-url=" + jwks.url(), "--ldn.audit.patient-key-secret=" + SECRET,
				"--ldn.audit.journal-directory=" + journals.resolve(name), "--ldn.audit.purge-cron=*/2 * * * * *",
				"--ldn.audit.retry-interval=500ms"));
		if (name.equals("b")) {
			// Structured logs, opt-in: on one instance only.
			arguments.add("--logging.structured.format.console=ecs");
		}
		arguments.addAll(database.arguments());
		arguments.addAll(ReplayServices.localRedis());
		try {
			return ServiceProcess.start(arguments);
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
		if (jwks != null) {
			jwks.close();
		}
	}

	@Test
	@Order(1)
	void aTokenUsedOnOneInstanceIsRefusedOnTheOther() {
		String token = ReplayServices.token(KEY).jwtId(UUID.randomUUID().toString()).sign();

		http(a).callService(token).assertCriticalOpioidCard();
		http(b).callService(token).assertUnauthorized();
	}

	@Test
	@Order(2)
	void feedbackOnACardOneInstanceIssuedIsAcceptedByTheOther() throws Exception {
		JsonNode card = call(a, ExampleCall.example()).json().path("cards").get(0);
		String uuid = card.get("uuid").asText();
		String feedback = FeedbackJson.body(FeedbackJson.overridden(uuid, ExampleCall.reasonOf(card, 0),
				java.time.Instant.parse("2026-11-21T10:00:00Z")));

		// At once, as an EHR may: either stored, or 503 with Retry-After while the
		// record is on its way from the other instance; never 400.
		CdsClient.Answer first = http(b).post(CdsClient.FEEDBACK, feedback, feedbackToken());
		assertThat(first.status()).as(first.body()).isIn(200, 503);
		if (first.status() == 503) {
			assertThat(first.json().path("error").asText()).isEqualTo("card_not_yet_recorded");
			assertThat(first.header("Retry-After")).contains("1");
		}
		Eventually.within(PATIENCE, () -> {
			CdsClient.Answer answer = http(b).post(CdsClient.FEEDBACK, feedback, feedbackToken());
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		});
		assertThat(jdbc.sql("select count(*) from card_feedback where card_uuid = ?")
			.param(uuid)
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	@Order(4)
	void logsEachCallAsJsonWithItsHookInstanceAndClientWhenAskedTo() throws Exception {
		ExampleCall call = ExampleCall.example();
		assertThat(call(b, call).status()).isEqualTo(200);

		Eventually.within(PATIENCE, () -> {
			List<JsonNode> lines = Files.readAllLines(b.output())
				.stream()
				.filter((line) -> line.startsWith("{") && line.contains(call.hookInstance()))
				.map(CdsClient::parse)
				.toList();
			assertThat(lines).isNotEmpty().allSatisfy((line) -> {
				assertThat(line.path("hookInstance").asText()).isEqualTo(call.hookInstance());
				assertThat(line.path("clientIssuer").asText()).isEqualTo(ReplayServices.ISSUER);
				assertThat(line.at("/log/level").asText()).isNotBlank();
			});
		});
		assertThat(Files.readString(a.output())).as("plain text where not asked").doesNotContain("{\"@timestamp\"");
	}

	@Test
	@Order(3)
	void thePurgeScheduledOnBothRunsOnOne() throws Exception {
		// Scheduled every 2 s on each: wait until each has fired twice.
		Eventually.within(PATIENCE, () -> {
			assertThat(purges(a, "ran") + purges(a, "skipped")).isGreaterThanOrEqualTo(2);
			assertThat(purges(b, "ran") + purges(b, "skipped")).isGreaterThanOrEqualTo(2);
		});
		assertThat(purges(a, "ran") + purges(b, "ran")).as("purges run by either").isEqualTo(1);
	}

	@Test
	@Order(5)
	void withOneKilledUnderLoadTheOtherAnswersAndEveryAnsweredCallIsAuditedOnce() throws Exception {
		Map<String, String> answered = new ConcurrentHashMap<>();
		AtomicInteger failuresOnB = new AtomicInteger();
		AtomicInteger answeredByBAfterKill = new AtomicInteger();
		AtomicBoolean killed = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService load = Executors.newFixedThreadPool(4);
		for (int thread = 0; thread < 4; thread++) {
			ServiceProcess target = (thread % 2 == 0) ? a : b;
			String name = (target == a) ? "a" : "b";
			load.submit(() -> {
				while (running.get()) {
					ExampleCall call = ExampleCall.example();
					try {
						CdsClient.Answer answer = call(target, call);
						if (answer.status() == 200) {
							answered.put(call.hookInstance(), name);
							if (name.equals("b") && killed.get()) {
								answeredByBAfterKill.incrementAndGet();
							}
						}
						else if (name.equals("b")) {
							failuresOnB.incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						// The killed instance refuses connections; the other must not.
						if (name.equals("b")) {
							failuresOnB.incrementAndGet();
						}
					}
				}
			});
		}
		Thread.sleep(4000);
		a.kill();
		killed.set(true);
		Thread.sleep(3000);
		running.set(false);
		load.shutdown();
		assertThat(load.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

		assertThat(failuresOnB.get()).as("calls B failed to answer").isZero();
		assertThat(answeredByBAfterKill.get()).as("calls B answered after A was killed").isPositive();
		assertThat(answered.values()).contains("a", "b");

		// A starts again on its journal and writes what it had not.
		a = start("a");
		Eventually.within(PATIENCE, () -> {
			for (String hookInstance : answered.keySet()) {
				assertThat(rowsOf(hookInstance))
					.as("audit rows of %s answered by %s", hookInstance, answered.get(hookInstance))
					.isOne();
			}
		});
	}

	private static int rowsOf(String hookInstance) {
		return jdbc.sql("select count(*) from service_call where hook_instance = ?")
			.param(hookInstance)
			.query(Integer.class)
			.single();
	}

	private static final Pattern PURGES = Pattern
		.compile("ldn_audit_purge_total\\{[^}]*outcome=\"(ran|skipped)\"[^}]*\\} ([0-9.]+)");

	private static int purges(ServiceProcess instance, String outcome) {
		String prometheus = http(instance).get("/actuator/prometheus", null).body();
		Matcher matcher = PURGES.matcher(prometheus);
		int count = 0;
		while (matcher.find()) {
			if (matcher.group(1).equals(outcome)) {
				count += (int) Double.parseDouble(matcher.group(2));
			}
		}
		return count;
	}

	private static CdsClient.Answer call(ServiceProcess instance, ExampleCall call) {
		String token = ReplayServices.token(KEY).jwtId(UUID.randomUUID().toString()).sign();
		return http(instance).post(CdsClient.SERVICE, call.json(), token);
	}

	private static String feedbackToken() {
		return Jwt.signedBy(KEY, ReplayServices.ISSUER, ReplayServices.PUBLIC_BASE_URL + CdsClient.FEEDBACK)
			.jwtId(UUID.randomUUID().toString())
			.sign();
	}

	private static CdsClient http(ServiceProcess instance) {
		return new CdsClient(instance.port());
	}

}
