package org.ldncds.hooks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The request-body bytes that all CDS Hooks calls together may hold at once, from the
 * moment a body starts to be read until its call is answered. One body is bounded by
 * {@code ldn.hooks.max-body-size}, but with some 200 workers many large bodies (and what
 * they are parsed into) could together need more than the heap; this budget bounds the
 * total.
 * <p>
 * A call reserves its declared {@code Content-Length} before reading, or, for a chunked
 * body, grows its reservation with every byte read, so that no body escapes the budget.
 * When the budget is full a call waits, at most {@code ldn.hooks.body-budget-wait} over
 * its whole life, for other calls to finish; then it is refused with 503 {@code busy} and
 * a {@code Retry-After}. Meters: {@code ldn.hooks.body.bytes.in.flight} (gauge) and
 * {@code ldn.hooks.body.budget.refusals} (counter).
 */
public final class BodyBudget {

	/** The property that sets the budget, named in refusals. */
	static final String PROPERTY = "ldn.hooks.body-bytes-in-flight";

	/** Unset, the budget is the maximum heap divided by this. */
	static final int HEAP_SHARE = 16;

	private final long limit;

	private final long maxWaitNanos;

	private final long retryAfterSeconds;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition released = lock.newCondition();

	/** Changed only under the lock; atomic so that the gauge can read it without it. */
	private final AtomicLong held = new AtomicLong();

	private final Counter refusals;

	/**
	 * @param limit the bytes all calls may hold at once
	 * @param maxWait the longest a call waits, in all, for room
	 * @param meters where the gauge and the counter are registered
	 */
	public BodyBudget(long limit, Duration maxWait, MeterRegistry meters) {
		if (limit <= 0 || maxWait.isNegative()) {
			throw new IllegalStateException(PROPERTY + " must be positive and ldn.hooks.body-budget-wait not negative");
		}
		this.limit = limit;
		this.maxWaitNanos = maxWait.toNanos();
		// The caller has waited this long already; sooner than a second is not worth it.
		this.retryAfterSeconds = Math.max(1, (maxWait.toMillis() + 999) / 1000);
		Gauge.builder("ldn.hooks.body.bytes.in.flight", held, AtomicLong::get)
			.description("Request-body bytes held by CDS Hooks calls being read or answered")
			.baseUnit("bytes")
			.register(meters);
		this.refusals = Counter.builder("ldn.hooks.body.budget.refusals")
			.description("CDS Hooks calls refused (503) because the request-body budget was full")
			.register(meters);
	}

	/**
	 * The budget of this service: the configured one, or else the maximum heap divided by
	 * {@value #HEAP_SHARE}, and never less than one largest body. A parsed body keeps
	 * about 4.5 times its size alive and the body itself is held until the answer
	 * (measured with {@code RecordScaling}: 21.7 MB for a 4.8 MB body), so a sixteenth of
	 * the heap in bodies is about a third of it in calls (48 MB and some 260 MB of a 768
	 * MB heap), leaving the rest for what parsing allocates and drops at once (about 30
	 * times the body) and for the service itself.
	 */
	static BodyBudget of(HooksProperties properties, MeterRegistry meters) {
		long maxBody = properties.maxBodySize().toBytes();
		long limit;
		if (properties.bodyBytesInFlight() != null) {
			limit = properties.bodyBytesInFlight().toBytes();
			if (limit < maxBody) {
				throw new IllegalStateException(PROPERTY + " (" + limit + " bytes) must not be less than "
						+ "ldn.hooks.max-body-size (" + maxBody + " bytes): a largest body could never be read");
			}
		}
		else {
			limit = Math.max(maxBody, Runtime.getRuntime().maxMemory() / HEAP_SHARE);
		}
		return new BodyBudget(limit, properties.bodyBudgetWait(), meters);
	}

	/** The bytes all calls may hold at once. */
	public long limit() {
		return limit;
	}

	/** The bytes held now. */
	public long bytesInFlight() {
		return held.get();
	}

	/**
	 * Reserves bytes for a call, waiting for room if need be.
	 * @throws CdsHooksException 503 when there was no room in time
	 */
	public Reservation reserve(long bytes) {
		Reservation reservation = new Reservation();
		reservation.growTo(bytes);
		return reservation;
	}

	/**
	 * Takes more bytes for a reservation, waiting at most what is left of its wait.
	 * @return the wait left, or -1 when there was no room in time
	 */
	private long take(long bytes, long waitLeftNanos) {
		lock.lock();
		try {
			long waitLeft = waitLeftNanos;
			while (held.get() + bytes > limit) {
				if (waitLeft <= 0 || bytes > limit) {
					return -1;
				}
				waitLeft = released.awaitNanos(waitLeft);
			}
			held.addAndGet(bytes);
			return Math.max(0, waitLeft);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
		finally {
			lock.unlock();
		}
	}

	private void give(long bytes) {
		lock.lock();
		try {
			held.addAndGet(-bytes);
			released.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

	private CdsHooksException refusal() {
		refusals.increment();
		return CdsHooksException.retryLater("busy", "the service is holding as many request bodies as it may at once ("
				+ PROPERTY + ": " + limit + " bytes); retry shortly", retryAfterSeconds);
	}

	/**
	 * The bytes one call holds. Used by the call's own thread only; closing it gives them
	 * back, once, whatever happened to the call.
	 */
	public final class Reservation implements AutoCloseable {

		private long bytes;

		private long waitLeftNanos = maxWaitNanos;

		private boolean closed;

		private Reservation() {
		}

		/**
		 * Holds at least this many bytes in all, waiting for room if need be.
		 * @throws CdsHooksException 503 when there was no room in time; what was held
		 * before is still held
		 */
		public void growTo(long total) {
			if (closed) {
				throw new IllegalStateException("the reservation was released");
			}
			if (total <= bytes) {
				return;
			}
			long waitLeft = take(total - bytes, waitLeftNanos);
			if (waitLeft < 0) {
				waitLeftNanos = 0;
				throw refusal();
			}
			waitLeftNanos = waitLeft;
			bytes = total;
		}

		/** The bytes held. */
		public long bytes() {
			return bytes;
		}

		@Override
		public void close() {
			if (!closed) {
				closed = true;
				give(bytes);
				bytes = 0;
			}
		}

	}

}
