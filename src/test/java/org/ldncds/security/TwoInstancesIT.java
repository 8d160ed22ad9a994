package org.ldncds.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.ldncds.testing.KnowledgeCopy;
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
 * instance's journal is written when it starts again). Both read their rules and FHIR
 * knowledge from one folder on disk (as two pods mount one ConfigMap), checked every 300
 * ms: a reworded card is answered with by both without a restart, with the same new
 * {@code LDN-Knowledge-Version} and {@code /actuator/info}; a rule that does not compile
 * and a template naming a missing citation are refused by both, which keep answering with
 * what they had and show the file and line in {@code /actuator/knowledge}, readiness and
 * the refusal metric; fixed, the file is picked up. Both processes are started once for
 * the class; the tests run in order, the kill last.
 */
@RequiresPostgres
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

	private static final ECKey KEY = TestKeys.ec();

	private static final String SECRET = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes());

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String KNOWLEDGE_VERSION = "LDN-Knowledge-Version";

	/**
	 * The critical card of the example call (an LDN order for a patient on oxycodone).
	 */
	private static final String OPIOID_CARD = "cards/naltrexone-opioid-interaction.md";

	private static final String OLD_WORDING = "can precipitate withdrawal and blocks analgesia";

	/**
	 * Of the same length: summaries cut to fit stay cut at the same place, so that the
	 * scenarios are updated by a plain replacement.
	 */
	private static final String NEW_WORDING = "may precipitate withdrawal and blocks analgesia";

	private static final String BROKEN_RULES = "ldn/thyroid.drl";

	private static final String MISSING_CITATION = "no-such-citation";

	/** How often each instance looks at its knowledge folder. */
	private static final Duration RELOAD_CHECK = Duration.ofMillis(300);

	private static JwksServer jwks;

	private static Database database;

	private static JdbcClient jdbc;

	private static Path journals;

	/** The one knowledge folder both read, as two pods mount one ConfigMap. */
	private static KnowledgeCopy knowledge;

	private static ServiceProcess a;

	private static ServiceProcess b;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		jwks = JwksServer.serving(KEY);
		database = TestDatabases.postgres("ldn_two_instances");
		jdbc = JdbcClient.create(new DriverManagerDataSource(database.url(),
				(database.username() == null) ? null : database.username(), database.password()));
		journals = Path.of("target", "two-instances", UUID.randomUUID().toString());
		knowledge = KnowledgeCopy.create();
		CompletableFuture<ServiceProcess> first = CompletableFuture.supplyAsync(() -> start("a"));
		CompletableFuture<ServiceProcess> second = CompletableFuture.supplyAsync(() -> start("b"));
		try {
			a = first.get(6, TimeUnit.MINUTES);
		}
		finally {
			// Whether or not the first started, the second is awaited, so that stop()
			// stops it.
			b = second.get(6, TimeUnit.MINUTES);
		}
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
		arguments.addAll(knowledge.arguments(RELOAD_CHECK));
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
		if (knowledge != null) {
			knowledge.close();
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

	/**
	 * A pharmacist's rewording of the critical opioid card, in the folder both read:
	 * without its scenarios updated, both refuse it naming the scenarios whose cards it
	 * changes; with them (the scenarios archive replaced), both answer with it at their
	 * next check, without a restart, and name the same new knowledge in every answer and
	 * in {@code /actuator/info}.
	 */
	@Test
	@Order(5)
	void aKnowledgeChangeIsAnsweredWithByBothWithoutARestart() throws Exception {
		String before = answerOf(a).header(KNOWLEDGE_VERSION).orElseThrow();
		for (ServiceProcess instance : List.of(a, b)) {
			CdsClient.Answer answer = answerOf(instance);
			assertThat(answer.header(KNOWLEDGE_VERSION)).contains(before);
			assertThat(summaryOf(answer)).endsWith(OLD_WORDING);
			assertThat(versionInInfo(instance)).isEqualTo(before);
		}

		Instant reworded = Instant.now();
		knowledge.edit(OPIOID_CARD, (text) -> replaceOnce(text, OLD_WORDING, NEW_WORDING));
		for (ServiceProcess instance : List.of(a, b)) {
			JsonNode last = awaitReload(instance, reworded, "refused");
			assertThat(last.path("problem").asText()).contains("knowledge scenarios")
				.contains("scenarios.zip!/opioids/")
				.contains("expects [critical: Naltrexone with an opioid");
			assertThat(summaryOf(answerOf(instance))).endsWith(OLD_WORDING);
		}

		Instant written = Instant.now();
		knowledge.editScenarios((text) -> text.replace(OLD_WORDING, NEW_WORDING));

		for (ServiceProcess instance : List.of(a, b)) {
			awaitReload(instance, written, "applied");
			CdsClient.Answer answer = answerOf(instance);
			assertThat(summaryOf(answer)).endsWith(NEW_WORDING);
			assertThat(answer.header(KNOWLEDGE_VERSION))
				.hasValueSatisfying((now) -> assertThat(now).isNotEqualTo(before));
		}
		String after = answerOf(a).header(KNOWLEDGE_VERSION).orElseThrow();
		assertThat(answerOf(b).header(KNOWLEDGE_VERSION)).contains(after);
		assertThat(versionInInfo(a)).isEqualTo(after);
		assertThat(versionInInfo(b)).isEqualTo(after);
	}

	/**
	 * A rule file that does not compile: both refuse it, keep answering with the
	 * knowledge they had, and say so with file and line in {@code /actuator/knowledge},
	 * readiness and a metric; fixed, it is picked up again.
	 */
	@Test
	@Order(6)
	void aRuleThatDoesNotCompileIsRefusedByBothUntilItIsFixed() throws Exception {
		String original = knowledge.read(BROKEN_RULES);
		List<String> lines = original.lines().toList();
		int when = lines.indexOf("when");
		assertThat(when).as("a line 'when' in " + BROKEN_RULES).isNotNegative();
		List<String> broken = new ArrayList<>(lines);
		broken.add(when + 1, "    this is not DRL");
		String where = BROKEN_RULES + ":" + (when + 2) + ":";

		assertRefusedByBothAndFixed(BROKEN_RULES, String.join("\n", broken) + "\n", where, original);
	}

	/**
	 * A card template naming a citation that is not in the evidence Library: the rules
	 * compile, the knowledge check refuses it on both; fixed, both answer with the card
	 * they had.
	 */
	@Test
	@Order(7)
	void aTemplateNamingAMissingCitationIsRefusedByBothUntilItIsFixed() throws Exception {
		String current = knowledge.read(OPIOID_CARD);
		List<String> lines = current.lines().toList();
		int citations = lines
			.indexOf(lines.stream().filter((line) -> line.startsWith("citations: ")).findFirst().orElseThrow());
		String broken = replaceOnce(current, lines.get(citations), lines.get(citations) + ", " + MISSING_CITATION);
		String where = OPIOID_CARD + ":" + (citations + 1) + ": citation '" + MISSING_CITATION + "'";
		String answered = summaryOf(answerOf(a));

		// The fix: the card as it was, which its scenarios expect.
		assertRefusedByBothAndFixed(OPIOID_CARD, broken, where, current);
		for (ServiceProcess instance : List.of(a, b)) {
			assertThat(lastReload(instance).path("lastReload").asText()).isEqualTo("unchanged");
			assertThat(summaryOf(answerOf(instance))).isEqualTo(answered);
		}
	}

	private static void assertRefusedByBothAndFixed(String file, String broken, String where, String fixed)
			throws Exception {
		String answering = answerOf(a).header(KNOWLEDGE_VERSION).orElseThrow();
		Map<ServiceProcess, Integer> refusedBefore = Map.of(a, refusals(a), b, refusals(b));

		Instant written = Instant.now();
		knowledge.write(file, broken);
		Instant fixedAt;
		try {
			for (ServiceProcess instance : List.of(a, b)) {
				JsonNode last = awaitReload(instance, written, "refused");
				assertThat(last.path("problem").asText()).contains(where);
				assertThat(last.path("version").asText()).isEqualTo(answering);
				CdsClient.Answer answer = answerOf(instance);
				assertThat(answer.header(KNOWLEDGE_VERSION)).as("still answering with").contains(answering);
				assertThat(versionInInfo(instance)).isEqualTo(answering);
				CdsClient.Answer readiness = http(instance).get("/actuator/health/readiness", null);
				assertThat(readiness.status()).as("ready: it answers with the knowledge it had").isEqualTo(200);
				JsonNode lastReload = CdsClient.parse(readiness.body()).at("/components/knowledge/details/lastReload");
				assertThat(lastReload.path("lastReload").asText()).isEqualTo("refused");
				assertThat(lastReload.path("problem").asText()).contains(where);
				assertThat(refusals(instance)).as("refusals counted").isGreaterThan(refusedBefore.get(instance));
			}
		}
		finally {
			// Fixed even when an assertion failed: the later tests start instances on it.
			fixedAt = Instant.now();
			knowledge.write(file, fixed);
		}
		for (ServiceProcess instance : List.of(a, b)) {
			JsonNode last = awaitReload(instance, fixedAt, null);
			assertThat(last.path("lastReload").asText()).isIn("applied", "unchanged");
			assertThat(last.has("problem")).as(last.toString()).isFalse();
			assertThat(CdsClient.parse(http(instance).get("/actuator/health/readiness", null).body())
				.at("/components/knowledge/details/lastReload/lastReload")
				.asText()).isIn("applied", "unchanged");
		}
		String now = answerOf(a).header(KNOWLEDGE_VERSION).orElseThrow();
		assertThat(answerOf(b).header(KNOWLEDGE_VERSION)).contains(now);
		assertThat(versionInInfo(a)).isEqualTo(now);
		assertThat(versionInInfo(b)).isEqualTo(now);
	}

	/**
	 * The instance's last reload, once it happened after the given moment (with the
	 * outcome given, unless null).
	 */
	private static JsonNode awaitReload(ServiceProcess instance, Instant after, String outcome) throws Exception {
		JsonNode[] last = new JsonNode[1];
		Eventually.within(PATIENCE, () -> {
			last[0] = lastReload(instance);
			assertThat(Instant.parse(last[0].path("at").asText())).as(last[0].toString()).isAfter(after);
			if (outcome != null) {
				assertThat(last[0].path("lastReload").asText()).as(last[0].toString()).isEqualTo(outcome);
			}
		});
		return last[0];
	}

	private static JsonNode lastReload(ServiceProcess instance) {
		return actuator(instance, "/actuator/knowledge");
	}

	/**
	 * The knowledge in /actuator/info, as an answer names it: version + rule fingerprint.
	 */
	private static String versionInInfo(ServiceProcess instance) {
		JsonNode info = actuator(instance, "/actuator/info").path("knowledge");
		return info.path("version").asText() + "+" + info.path("ruleFingerprint").asText();
	}

	private static JsonNode actuator(ServiceProcess instance, String path) {
		CdsClient.Answer answer = http(instance).get(path, null);
		assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
		return CdsClient.parse(answer.body());
	}

	/** The example call's answer: 200 with the critical opioid card first. */
	private static CdsClient.Answer answerOf(ServiceProcess instance) {
		CdsClient.Answer answer = call(instance, ExampleCall.example());
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.cards().get(0).path("indicator").asText()).isEqualTo("critical");
		return answer;
	}

	private static String summaryOf(CdsClient.Answer answer) {
		return answer.cards().get(0).path("summary").asText();
	}

	private static int refusals(ServiceProcess instance) {
		return counter(instance, "ldn_knowledge_reloads_total", "refused");
	}

	private static String replaceOnce(String text, String old, String replacement) {
		assertThat(text).contains(old);
		return text.replace(old, replacement);
	}

	@Test
	@Order(8)
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

	private static int purges(ServiceProcess instance, String outcome) {
		return counter(instance, "ldn_audit_purge_total", outcome);
	}

	/** A counter of the instance's Prometheus page, summed over the given outcome. */
	private static int counter(ServiceProcess instance, String name, String outcome) {
		String prometheus = http(instance).get("/actuator/prometheus", null).body();
		Matcher matcher = Pattern
			.compile(Pattern.quote(name) + "\\{[^}]*outcome=\"" + Pattern.quote(outcome) + "\"[^}]*\\} ([0-9.E]+)")
			.matcher(prometheus);
		int count = 0;
		while (matcher.find()) {
			count += (int) Double.parseDouble(matcher.group(1));
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
