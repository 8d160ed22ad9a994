package org.ldncds.audit;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldncds.calls.CompletedCall;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit buffer's accounting, with a database that takes as long as the test wants:
 * the batch being written counts in the backlog and against the capacity, and the trail
 * is drained only once it is written.
 */
class AuditTrailTest {

	private final SlowRepository repository = new SlowRepository();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private AuditTrail trail;

	@TempDir
	Path journal;

	@AfterEach
	void stop() throws Exception {
		repository.release();
		trail.destroy();
	}

	@Test
	void countsTheBatchBeingWrittenInTheBacklog() throws Exception {
		trail = start(10);

		trail.completed(call());
		repository.awaitWriteStarted();

		assertThat(trail.backlog()).isOne();
		assertThat(meters.get("ldn.audit.backlog").gauge().value()).isOne();
		assertThat(trail.awaitDrained(Duration.ofMillis(200))).as("drained while being written").isFalse();

		repository.release();
		assertThat(trail.awaitDrained(Duration.ofSeconds(5))).isTrue();
		assertThat(repository.written).hasSize(1);
	}

	@Test
	void dropsOnlyWhatExceedsTheCapacityCountingTheBatchBeingWritten() throws Exception {
		trail = start(3);
		trail.completed(call());
		repository.awaitWriteStarted();

		for (int i = 0; i < 4; i++) {
			trail.completed(call());
		}

		assertThat(trail.backlog()).isEqualTo(3);
		assertThat(trail.dropped()).isEqualTo(2);
		assertThat(meters.get("ldn.audit.dropped").counter().count()).isEqualTo(2);
		repository.release();
		assertThat(trail.awaitDrained(Duration.ofSeconds(5))).isTrue();
		assertThat(repository.written).hasSize(3);
		assertThat(trail.backlog()).isZero();
	}

	@Test
	void keepsRetryingWhenTheTransactionCannotBeginOrRollBack() throws Exception {
		SQLException broken = new SQLException("An I/O error occurred while sending to the backend.", "08006");
		List<RuntimeException> failures = new ArrayList<>(List.of(
				new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
						new SQLTransientConnectionException("Connection is not available")),
				rollbackFailedAfter(new DataAccessResourceFailureException("insert failed", broken)),
				rollbackFailedAfter(new UncategorizedSQLException("insert", "insert into", broken))));
		FailingRepository failing = new FailingRepository(failures);
		trail = start(failing, 10);

		trail.completed(call());

		assertThat(trail.awaitDrained(Duration.ofSeconds(5))).as("written after the failures").isTrue();
		assertThat(failures).isEmpty();
		assertThat(failing.written).hasSize(1);
		assertThat(trail.dropped()).isZero();
		assertThat(trail.databaseReachable()).isTrue();
	}

	@Test
	void theWriterSurvivesAnUnexpectedFailureAndWritesTheRecordAfterwards() throws Exception {
		List<RuntimeException> failures = new ArrayList<>(List.of(new IllegalStateException("driver bug")));
		FailingRepository failing = new FailingRepository(failures);
		trail = start(failing, 10);

		trail.completed(call());

		assertThat(trail.awaitDrained(Duration.ofSeconds(5))).as("written after the failure").isTrue();
		assertThat(failing.written).hasSize(1);
		trail.completed(call());
		assertThat(trail.awaitDrained(Duration.ofSeconds(5))).as("the writer is still alive").isTrue();
		assertThat(failing.written).hasSize(2);
	}

	private static TransactionSystemException rollbackFailedAfter(RuntimeException statementFailure) {
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("This connection has been closed.", "08003"));
		rollbackFailed.initApplicationException(statementFailure);
		return rollbackFailed;
	}

	private AuditTrail start(int capacity) {
		return start(repository, capacity);
	}

	private AuditTrail start(AuditRepository repository, int capacity) {
		AuditProperties properties = new AuditProperties("secret", capacity, 200, Duration.ofMillis(50), 365,
				"0 30 3 * * *", journal, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
				Duration.ofMinutes(2), 7);
		AuditTrail started = new AuditTrail(repository, PatientPseudonym.withSecret("secret"), properties, meters);
		started.afterPropertiesSet();
		return started;
	}

	private static CompletedCall call() {
		return new CompletedCall(UUID.randomUUID().toString(), Instant.now(), "ldn-order-select", "order-select",
				UUID.randomUUID().toString(), null, null, null, "patient-1", null, List.of(), Map.of(), List.of(), 400,
				3);
	}

	/** A repository that fails with the exceptions given, in turn, then writes. */
	static class FailingRepository extends AuditRepository {

		final List<AuditRecord> written = new CopyOnWriteArrayList<>();

		private final List<RuntimeException> failures;

		FailingRepository(List<RuntimeException> failures) {
			super(null, null, null, null);
			this.failures = failures;
		}

		@Override
		void insert(List<AuditRecord> records) {
			if (!failures.isEmpty()) {
				throw failures.remove(0);
			}
			written.addAll(records);
		}

	}

	/** A repository whose writes wait until released. */
	static class SlowRepository extends AuditRepository {

		final List<AuditRecord> written = new CopyOnWriteArrayList<>();

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		SlowRepository() {
			super(null, null, null, null);
		}

		@Override
		void insert(List<AuditRecord> records) {
			started.countDown();
			try {
				released.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			written.addAll(records);
		}

		void awaitWriteStarted() throws InterruptedException {
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		}

		void release() {
			released.countDown();
		}

	}

}
