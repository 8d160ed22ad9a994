package org.ldncds.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.ldncds.calls.CallListener;
import org.ldncds.calls.CompletedCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Records every service call off the request path. The request thread pseudonymises the
 * call and appends it to the local journal ({@link AuditJournal}) before the call ends;
 * one writer thread reads the journal and writes its records to the database in batches.
 * When the database is unreachable the records stay in the journal and are retried, so
 * none is lost while the journal has room; a record that finds it full is counted and
 * logged. Records still in the journal at shutdown, or after a crash, are written at the
 * next start; the database ignores any it already holds, so none is written twice.
 */
public class AuditTrail implements CallListener, InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	/**
	 * Cards of unwritten records kept in memory for feedback checks, at most: beyond it
	 * (a long outage, when feedback cannot be stored anyway) they are only in the
	 * journal.
	 */
	private static final int PENDING_CARDS_LIMIT = 10_000;

	private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final AuditRepository repository;

	private final PatientPseudonym pseudonym;

	private final AuditProperties properties;

	private final AuditJournal journal;

	/** Records accepted and not yet written: the backlog, at most the buffer capacity. */
	private final AtomicInteger unwritten = new AtomicInteger();

	/**
	 * Cards appended but not yet written, so that feedback on them can already be
	 * checked.
	 */
	private final Map<String, AuditRepository.IssuedCardRecord> pendingCards = new ConcurrentHashMap<>();

	private volatile boolean databaseReachable = true;

	/** Whether the last append to the journal worked. */
	private volatile boolean journalWritable = true;

	/** Whether the last record offered found the journal full. */
	private volatile boolean lastRefused;

	/** When the database operation under way began ({@link System#nanoTime()}), or 0. */
	private volatile long busySince;

	/** When the database last answered or failed ({@link System#nanoTime()}). */
	private volatile long lastContact = System.nanoTime();

	private final AtomicLong dropped = new AtomicLong();

	private final Counter droppedCounter;

	private final Counter writeFailures;

	private final Thread writer;

	private volatile boolean running = true;

	AuditTrail(AuditRepository repository, PatientPseudonym pseudonym, AuditProperties properties,
			MeterRegistry meters) {
		this.repository = repository;
		this.pseudonym = pseudonym;
		this.properties = properties;
		this.journal = AuditJournal.open(properties.journalDirectory(), Math.max(1000, properties.batchSize()));
		this.unwritten.set(journal.recordsAtStart());
		this.droppedCounter = meters.counter("ldn.audit.dropped");
		this.writeFailures = meters.counter("ldn.audit.write.failures");
		Gauge.builder("ldn.audit.backlog", unwritten, AtomicInteger::get)
			.description("Audit records waiting to be written")
			.register(meters);
		this.writer = new Thread(this::writeUntilStopped, "audit-writer");
		this.writer.setDaemon(true);
	}

	@Override
	public void afterPropertiesSet() {
		if (journal.recordsAtStart() > 0) {
			log.warn("The audit journal holds {} records of an earlier run not yet in the database; writing them",
					journal.recordsAtStart());
		}
		writer.start();
	}

	@Override
	public void completed(CompletedCall call) {
		AuditRecord record = AuditRecord.of(call, pseudonym);
		if (!reserveRoom()) {
			lastRefused = true;
			lost(record, "Audit buffer full (" + properties.bufferCapacity() + " records)");
			return;
		}
		lastRefused = false;
		try {
			journal.append(record);
			journalWritable = true;
		}
		catch (IOException ex) {
			unwritten.decrementAndGet();
			journalWritable = false;
			lost(record, "Audit journal not writable (" + ex.getClass().getSimpleName() + ")");
			return;
		}
		if (pendingCards.size() < PENDING_CARDS_LIMIT) {
			record.cards().forEach((card) -> pendingCards.put(card.uuid(), issued(record, card)));
		}
		LockSupport.unpark(writer);
	}

	private void lost(AuditRecord record, String why) {
		long lost = dropped.incrementAndGet();
		droppedCounter.increment();
		log.error("{}: audit record of call {} lost ({} lost so far)", why, record.callId(), lost);
	}

	private boolean reserveRoom() {
		while (true) {
			int waiting = unwritten.get();
			if (waiting >= properties.bufferCapacity()) {
				return false;
			}
			if (unwritten.compareAndSet(waiting, waiting + 1)) {
				return true;
			}
		}
	}

	/** The issued card, from the database or still waiting in the buffer. */
	public Optional<AuditRepository.IssuedCardRecord> findCard(String cardUuid) {
		AuditRepository.IssuedCardRecord pending = pendingCards.get(cardUuid);
		return pending != null ? Optional.of(pending) : repository.findCard(cardUuid);
	}

	/** How many records wait to be written, the batch being written included. */
	public int backlog() {
		return unwritten.get();
	}

	/** How many records were lost: the buffer was full, or the journal not writable. */
	public long dropped() {
		return dropped.get();
	}

	/** Whether the last write or check reached the database. */
	public boolean databaseReachable() {
		return databaseReachable;
	}

	/**
	 * Whether a database write or check has been under way for longer than
	 * {@code ldn.audit.stalled-after}: the database may be unreachable without saying so.
	 */
	public boolean stalled() {
		long since = busySince;
		return since != 0 && System.nanoTime() - since > properties.stalledAfter().toNanos();
	}

	/**
	 * Whether records are being lost now: the last append to the journal failed, or the
	 * last record found it full and it still is.
	 */
	public boolean losingRecords() {
		return !journalWritable || (lastRefused && backlog() >= properties.bufferCapacity());
	}

	/** Where records wait for the database. */
	public Path journalDirectory() {
		return properties.journalDirectory().toAbsolutePath();
	}

	/**
	 * Waits until every record queued so far is written, or the time is up.
	 * @return whether the backlog is empty
	 */
	public boolean awaitDrained(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (backlog() > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(10);
		}
		return true;
	}

	private void writeUntilStopped() {
		long stopBy = Long.MAX_VALUE;
		while (true) {
			if (!running && stopBy == Long.MAX_VALUE) {
				stopBy = System.nanoTime() + properties.shutdownTimeout().toNanos();
			}
			if (!running && (backlog() == 0 || System.nanoTime() > stopBy)) {
				return;
			}
			try {
				AuditJournal.Batch batch = journal.read(properties.batchSize());
				if (batch.isEmpty()) {
					checkWhenIdle();
					LockSupport.parkNanos(IDLE_WAIT_NANOS);
					continue;
				}
				if (!writeUntilStored(batch.records())) {
					return;
				}
				journal.consumed(batch);
				if (batch.unreadable() > 0) {
					dropped.addAndGet(batch.unreadable());
					droppedCounter.increment(batch.unreadable());
				}
				unwritten.addAndGet(-(batch.records().size() + batch.unreadable()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (IOException | RuntimeException ex) {
				// The writer must outlive any failure: a dead writer would silently stop
				// the trail. The records stay in the journal and are read again.
				log.error("Audit writer failed with {}; the records are retried", ex.getClass().getName());
				pauseBeforeRetry();
			}
		}
	}

	/**
	 * Without records to write, checks now and then that the database answers, so that
	 * health does not say UP for a database gone since the last write.
	 */
	private void checkWhenIdle() {
		Duration interval = databaseReachable ? properties.checkInterval() : properties.retryInterval();
		if (!running || System.nanoTime() - lastContact < interval.toNanos()) {
			return;
		}
		busySince = System.nanoTime();
		try {
			repository.check();
			reachable();
		}
		catch (DataAccessException | TransactionException ex) {
			unreachable(ex);
		}
		finally {
			busySince = 0;
			lastContact = System.nanoTime();
		}
	}

	private void reachable() {
		if (!databaseReachable) {
			databaseReachable = true;
			log.info("Audit database reachable again; writing the backlog of {} records", backlog());
		}
	}

	private void unreachable(RuntimeException ex) {
		if (databaseReachable) {
			databaseReachable = false;
			log.warn("Audit database unreachable ({}); keeping records in the journal and retrying every {}",
					ex.getClass().getSimpleName(), properties.retryInterval());
		}
	}

	private void pauseBeforeRetry() {
		try {
			Thread.sleep(properties.retryInterval().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Retries the batch until it is written: the records are not given up.
	 * @return false only when the service stops before the database came back
	 */
	private boolean writeUntilStored(List<AuditRecord> batch) throws InterruptedException {
		while (true) {
			busySince = System.nanoTime();
			try {
				repository.insert(batch);
				batch.forEach((record) -> record.cards().forEach((card) -> pendingCards.remove(card.uuid())));
				reachable();
				return true;
			}
			catch (DataAccessException | TransactionException ex) {
				writeFailures.increment();
				if (!isConnectionProblem(ex)) {
					writeOneByOne(batch);
					return true;
				}
				unreachable(ex);
				if (!running) {
					return false;
				}
			}
			finally {
				busySince = 0;
				lastContact = System.nanoTime();
			}
			Thread.sleep(properties.retryInterval().toMillis());
		}
	}

	/**
	 * A batch the database refused for its content (not for being unreachable) is written
	 * record by record, so that one bad record cannot block the trail; the refused ones
	 * are counted and logged.
	 */
	private void writeOneByOne(List<AuditRecord> batch) {
		log.warn("The database refused a batch of {} audit records for its content; writing them one by one",
				batch.size());
		for (AuditRecord record : batch) {
			try {
				repository.insert(List.of(record));
			}
			catch (DataAccessException | TransactionException ex) {
				if (isConnectionProblem(ex)) {
					// Not the record's fault: the batch is read again and retried.
					throw ex;
				}
				dropped.incrementAndGet();
				droppedCounter.increment();
				log.error("Audit record of call {} refused by the database ({}); it is lost", record.callId(),
						ex.getClass().getSimpleName());
			}
			record.cards().forEach((card) -> pendingCards.remove(card.uuid()));
		}
	}

	/**
	 * Whether the write failed for want of a working connection. The transaction can fail
	 * as well as the statements: no connection to begin it with
	 * ({@link CannotCreateTransactionException}), or a rollback on a connection that
	 * broke ({@link TransactionSystemException}, holding the statement's failure).
	 */
	static boolean isConnectionProblem(RuntimeException ex) {
		if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof RecoverableDataAccessException || ex instanceof CannotCreateTransactionException) {
			return true;
		}
		if (ex instanceof TransactionSystemException failed
				&& failed.getApplicationException() instanceof RuntimeException statement
				&& isConnectionProblem(statement)) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Writes what it can of the backlog within {@code ldn.audit.shutdown-timeout}; the
	 * rest stays in the journal for the next start.
	 */
	@Override
	public void destroy() throws InterruptedException, IOException {
		running = false;
		LockSupport.unpark(writer);
		writer.join(properties.shutdownTimeout().plusSeconds(1).toMillis());
		if (backlog() > 0) {
			log.warn("Stopped with {} audit records not written; they stay in the journal {} for the next start",
					backlog(), journalDirectory());
		}
		journal.close();
	}

	private static AuditRepository.IssuedCardRecord issued(AuditRecord call, AuditRecord.CardRecord card) {
		return new AuditRepository.IssuedCardRecord(card.uuid(), call.serviceId(), card.rule(), card.indicator(),
				call.at(), card.suggestionUuids(), card.overrideReasons());
	}

}
