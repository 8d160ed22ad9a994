package org.ldncds.audit;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.ldncds.hooks.CallListener;
import org.ldncds.hooks.CompletedCall;
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
 * Records every service call off the request path. The request thread only pseudonymises
 * the call and queues it; one writer thread writes queued calls in batches. When the
 * database is unreachable the batch stays queued and is retried, so no record is lost
 * while the buffer has room; a record that finds the buffer full is counted and logged.
 * The buffer holds every record not yet written, the batch being written included.
 */
public class AuditTrail implements CallListener, InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	private final AuditRepository repository;

	private final PatientPseudonym pseudonym;

	private final AuditProperties properties;

	private final BlockingQueue<AuditRecord> queue;

	/**
	 * Records accepted and not yet written, whether queued or in the batch being written:
	 * the backlog, at most the buffer capacity.
	 */
	private final AtomicInteger unwritten = new AtomicInteger();

	/**
	 * Cards queued but not yet written, so that feedback on them can already be checked.
	 */
	private final Map<String, AuditRepository.IssuedCardRecord> pendingCards = new ConcurrentHashMap<>();

	private final AtomicBoolean databaseReachable = new AtomicBoolean(true);

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
		this.queue = new ArrayBlockingQueue<>(properties.bufferCapacity());
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
		writer.start();
	}

	@Override
	public void completed(CompletedCall call) {
		AuditRecord record = AuditRecord.of(call, pseudonym);
		if (!reserveRoom()) {
			long lost = dropped.incrementAndGet();
			droppedCounter.increment();
			log.error("Audit buffer full ({} records): audit record of call {} lost ({} lost so far)",
					properties.bufferCapacity(), record.callId(), lost);
			return;
		}
		record.cards().forEach((card) -> pendingCards.put(card.uuid(), issued(record, card)));
		// Cannot fail: the queue holds no more records than are unwritten.
		queue.add(record);
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

	/** How many records were lost because the buffer was full. */
	public long dropped() {
		return dropped.get();
	}

	/** Whether the last write reached the database. */
	public boolean databaseReachable() {
		return databaseReachable.get();
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
		List<AuditRecord> batch = new ArrayList<>();
		while (running || !queue.isEmpty() || !batch.isEmpty()) {
			try {
				if (batch.isEmpty()) {
					AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
					queue.drainTo(batch, properties.batchSize() - 1);
				}
				if (!writeUntilStored(batch)) {
					return;
				}
				batch.clear();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The writer must outlive any failure: a dead writer would silently stop
				// the trail.
				log.error("Audit writer failed with {}; {} records are retried", ex.getClass().getName(), batch.size());
				pauseBeforeRetry();
			}
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
			try {
				repository.insert(batch);
				batch.forEach((record) -> record.cards().forEach((card) -> pendingCards.remove(card.uuid())));
				unwritten.addAndGet(-batch.size());
				if (databaseReachable.compareAndSet(false, true)) {
					log.info("Audit database reachable again; writing the backlog of {} records", backlog());
				}
				return true;
			}
			catch (DataAccessException | TransactionException ex) {
				writeFailures.increment();
				if (!isConnectionProblem(ex)) {
					writeOneByOne(batch);
					return true;
				}
				if (databaseReachable.compareAndSet(true, false)) {
					log.warn("Audit database unreachable ({}); buffering records and retrying every {}",
							ex.getClass().getSimpleName(), properties.retryInterval());
				}
				if (!running) {
					log.error("Stopping with {} audit records not written", batch.size() + queue.size());
					return false;
				}
				Thread.sleep(properties.retryInterval().toMillis());
			}
		}
	}

	/**
	 * A batch the database refused for its content (not for being unreachable) is written
	 * record by record, so that one bad record cannot block the trail; the refused ones
	 * are counted and logged.
	 */
	private void writeOneByOne(List<AuditRecord> batch) {
		for (AuditRecord record : batch) {
			try {
				repository.insert(List.of(record));
			}
			catch (DataAccessException | TransactionException ex) {
				dropped.incrementAndGet();
				droppedCounter.increment();
				log.error("Audit record of call {} refused by the database ({}); it is lost", record.callId(),
						ex.getClass().getSimpleName());
			}
			record.cards().forEach((card) -> pendingCards.remove(card.uuid()));
		}
		unwritten.addAndGet(-batch.size());
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

	@Override
	public void destroy() throws InterruptedException {
		running = false;
		writer.join(Duration.ofSeconds(10).toMillis());
		if (backlog() > 0) {
			log.error("Stopped with {} audit records not written", backlog());
		}
	}

	private static AuditRepository.IssuedCardRecord issued(AuditRecord call, AuditRecord.CardRecord card) {
		return new AuditRepository.IssuedCardRecord(card.uuid(), call.serviceId(), card.rule(), card.suggestionUuids(),
				card.overrideReasons());
	}

}
