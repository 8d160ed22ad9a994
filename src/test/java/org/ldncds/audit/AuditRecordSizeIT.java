package org.ldncds.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ldncds.db.ExampleCall;
import org.ldncds.db.PostgresDatabase;
import org.ldncds.testing.CdsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An audit record is compact on PostgreSQL: real calls (with an opioid, a critical card;
 * without, an information card) take at most 512 bytes each on average, the call's row
 * and its cards' rows together ({@code pg_column_size}). The figure is printed.
 */
@PostgresDatabase
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AuditRecordSizeIT {

	private static final int MAX_AVERAGE_BYTES = 512;

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aCallsRecordTakesAtMost512BytesOnAverage() throws Exception {
		CdsClient http = new CdsClient(port);
		List<String> hookInstances = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ExampleCall call = (i % 2 == 0) ? ExampleCall.example() : ExampleCall.withoutOpioid();
			call.callOk(http);
			hookInstances.add(call.hookInstance());
		}
		assertThat(audit.awaitDrained(Duration.ofSeconds(30))).isTrue();

		long callBytes = 0;
		long cardBytes = 0;
		for (String hookInstance : hookInstances) {
			callBytes += jdbc.sql("select pg_column_size(s.*) from service_call s where hook_instance = ?")
				.param(hookInstance)
				.query(Long.class)
				.single();
			cardBytes += jdbc.sql("""
					select coalesce(sum(pg_column_size(c.*)), 0) from issued_card c
					where c.call_id = (select call_id from service_call where hook_instance = ?)
					""").param(hookInstance).query(Long.class).single();
		}
		double average = (callBytes + cardBytes) / (double) hookInstances.size();
		System.out.printf("Audit record on PostgreSQL: %.0f bytes per call on average (call row %.0f, cards %.0f)%n",
				average, callBytes / (double) hookInstances.size(), cardBytes / (double) hookInstances.size());
		assertThat(cardBytes).as("the cards were recorded").isPositive();
		assertThat(average).isLessThanOrEqualTo(MAX_AVERAGE_BYTES);
	}

}
