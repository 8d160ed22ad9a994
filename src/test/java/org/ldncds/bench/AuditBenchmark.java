package org.ldncds.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.ldncds.LdnCdsApplication;
import org.ldncds.audit.AuditTrail;
import org.ldncds.calls.CompletedCall;
import org.ldncds.hooks.CardIds;
import org.ldncds.db.Database;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.TestDatabases;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.HookRequestParser;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.ServiceOutcome;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail's throughput and record size on PostgreSQL. Not a test; run it with
 * {@code mvn -B -Pbenchmark test-compile exec:exec@audit} and
 * {@code LDN_TEST_POSTGRES_URL} set (a schema {@code ldn_audit_bench} is made afresh in
 * that database); options {@code -Dbench.audit.args="calls=50000 threads=4"}.
 * <p>
 * The calls are real answers of the order-select service (three shapes in turn: the
 * typical call of {@link TypicalOrderSelect}, the example with an opioid, one without),
 * each with ids of its own, appended by request threads to the audit journal as the
 * service does; the audit writer writes them in batches ({@code ldn.audit.batch-size}).
 * Throughput is from the first append until the backlog is empty. The size is
 * {@code pg_column_size} of the rows (a call's row and its cards' rows), and the table
 * and index sizes of the day partitions, per call. Every call here issues cards: a mix
 * with calls that issue none makes the average smaller.
 */
public final class AuditBenchmark {

	private AuditBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>(Map.of("calls", "50000", "threads", "4"));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		int calls = Integer.parseInt(options.get("calls"));
		int threads = Integer.parseInt(options.get("threads"));
		Database database = TestDatabases.postgres("ldn_audit_bench");
		List<String> arguments = new ArrayList<>(database.arguments());
		arguments.add("--ldn.audit.journal-directory="
				+ Path.of("target", "audit-bench", UUID.randomUUID().toString()).toAbsolutePath());
		arguments.add("--ldn.audit.patient-key-secret=" + "ab".repeat(32));
		arguments.add("--ldn.audit.buffer-capacity=" + Math.max(100_000, calls));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LdnCdsApplication.class)
			.web(WebApplicationType.NONE)
			.properties("logging.level.root=warn", "logging.level.org.ldncds=warn")
			.run(arguments.toArray(String[]::new))) {
			run(context, calls, threads);
		}
	}

	private static void run(ConfigurableApplicationContext context, int calls, int threads) throws Exception {
		HookRequestParser parser = context.getBean(HookRequestParser.class);
		CdsService service = context.getBean(CdsServiceRegistry.class)
			.find(TypicalOrderSelect.SERVICE_ID)
			.orElseThrow();
		List<byte[]> bodies = List.of(TypicalOrderSelect.requestBody(), ExampleCall.example().json().getBytes(),
				ExampleCall.withoutOpioid().json().getBytes());
		List<HookRequest> requests = bodies.stream().map((body) -> parser.parse(body, service.descriptor())).toList();
		List<ServiceOutcome.Answered> outcomes = requests.stream()
			.map((request) -> (ServiceOutcome.Answered) service.call(request))
			.toList();
		AuditTrail trail = context.getBean(AuditTrail.class);
		CardIds ids = new CardIds(Clock.systemUTC());

		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long started = System.nanoTime();
		for (int t = 0; t < threads; t++) {
			int first = t;
			pool.submit(() -> {
				for (int i = first; i < calls; i += threads) {
					trail.completed(call(i, requests.get(i % 3), outcomes.get(i % 3), ids));
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.HOURS);
		long appended = System.nanoTime();
		if (!trail.awaitDrained(Duration.ofHours(1))) {
			throw new IllegalStateException("The audit backlog was not written within an hour");
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		report(JdbcClient.create(context.getBean(javax.sql.DataSource.class)), calls, seconds,
				(appended - started) / 1e9, context.getEnvironment().getProperty("ldn.audit.batch-size"), threads);
	}

	private static CompletedCall call(int i, HookRequest request, ServiceOutcome.Answered outcome, CardIds ids) {
		List<IssuedCard> cards = outcome.cards()
			.stream()
			.map((issued) -> new IssuedCard(issued.rule(), withId(issued.card(), ids.next())))
			.toList();
		return new CompletedCall(UUID.randomUUID().toString(), Instant.now(), TypicalOrderSelect.SERVICE_ID,
				request.hook(), UUID.randomUUID().toString(), "https://ehr.example.org", null,
				"https://ehr.example.org/fhir", "patient-" + (i % 5000), outcome.knowledgeVersion(),
				outcome.firedRules(), outcome.prefetch(), cards, 200, 3 + (i % 40));
	}

	private static Card withId(Card card, String uuid) {
		return new Card(uuid, card.summary(), card.detail(), card.indicator(), card.source(), card.suggestions(),
				card.selectionBehavior(), card.overrideReasons(), card.links());
	}

	private static void report(JdbcClient jdbc, int calls, double seconds, double appendSeconds, String batchSize,
			int threads) {
		long callRows = jdbc.sql("select count(*) from service_call").query(Long.class).single();
		long cardRows = jdbc.sql("select count(*) from issued_card").query(Long.class).single();
		long callBytes = jdbc.sql("select coalesce(sum(pg_column_size(s.*)), 0) from service_call s")
			.query(Long.class)
			.single();
		long cardBytes = jdbc.sql("select coalesce(sum(pg_column_size(c.*)), 0) from issued_card c")
			.query(Long.class)
			.single();
		String partitions = "select coalesce(sum(%s(i.inhrelid)), 0) from pg_inherits i "
				+ "where i.inhparent in (cast('service_call' as regclass), cast('issued_card' as regclass))";
		long heap = jdbc.sql(partitions.formatted("pg_table_size")).query(Long.class).single();
		long indexes = jdbc.sql(partitions.formatted("pg_indexes_size")).query(Long.class).single();
		System.out.printf("Audit on PostgreSQL: %d calls (%d card rows), batch size %s, %d request threads%n", callRows,
				cardRows, batchSize, threads);
		System.out.printf(
				"  appended to the journal in %.2f s; in the database after %.2f s: %.0f calls/s, %.0f rows/s%n",
				appendSeconds, seconds, calls / seconds, (callRows + cardRows) / seconds);
		System.out.printf("  record per call: %.0f bytes (call row %.0f, card rows %.0f per call)%n",
				(callBytes + cardBytes) / (double) callRows, callBytes / (double) callRows,
				cardBytes / (double) callRows);
		System.out.printf("  on disk per call: %.0f bytes of table, %.0f bytes of indexes%n", heap / (double) callRows,
				indexes / (double) callRows);
	}

}
