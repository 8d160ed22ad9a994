package org.ldncds.fhir;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.ldncds.fhir.FetchFailure.Kind;

/**
 * Keeps FHIR servers apart: each origin has its own bulkhead (how many fetches to it may
 * run at once) and circuit breaker (a server that keeps failing is not called for a
 * while), so one bad server slows or fails only the calls that need it. Every fetch is
 * timed in {@value #FETCH_METRIC}, tagged by origin and outcome: never by patient.
 */
final class FhirServerGuards {

	static final String FETCH_METRIC = "ldn.fhir.fetch";

	static final String BREAKER_METRIC = "ldn.fhir.server.breaker.open";

	/** The origin tag once {@code max-servers} origins have their own guard. */
	static final String OTHER_ORIGINS = "other";

	private final Map<String, Guard> guards = new ConcurrentHashMap<>();

	private final FhirFetchProperties properties;

	private final MeterRegistry meters;

	private final BulkheadConfig bulkheadConfig;

	private final CircuitBreakerConfig breakerConfig;

	FhirServerGuards(FhirFetchProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.meters = meters;
		this.bulkheadConfig = BulkheadConfig.custom()
			.maxConcurrentCalls(properties.perServerFetches())
			// A fetch that cannot start at once fails at once:
			// waiting would eat the budget.
			.maxWaitDuration(java.time.Duration.ZERO)
			.build();
		this.breakerConfig = CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.breakerFailureRate())
			.minimumNumberOfCalls(properties.breakerMinimumCalls())
			.slidingWindowSize(Math.max(properties.breakerMinimumCalls(), 2 * properties.breakerMinimumCalls()))
			.waitDurationInOpenState(properties.breakerOpenDuration())
			.permittedNumberOfCallsInHalfOpenState(Math.max(1, properties.breakerMinimumCalls() / 2))
			.build();
	}

	/**
	 * Runs one fetch for required data to the origin under its guard.
	 * @throws FetchFailure the fetch's own failure, or {@link Kind#SERVER_BUSY} or
	 * {@link Kind#CIRCUIT_OPEN} without calling the server
	 */
	<T> T call(String origin, Supplier<T> fetch) {
		return call(origin, fetch, false);
	}

	/**
	 * Runs one fetch to the origin under its guard; a fetch for optional data takes its
	 * place in a bulkhead of its own, so that optional data never takes the places of
	 * required data. The circuit breaker is the server's, shared.
	 * @throws FetchFailure the fetch's own failure, or {@link Kind#SERVER_BUSY} or
	 * {@link Kind#CIRCUIT_OPEN} without calling the server
	 */
	<T> T call(String origin, Supplier<T> fetch, boolean optional) {
		Guard guard = guardFor(origin);
		Bulkhead bulkhead = optional ? guard.optionalBulkhead() : guard.bulkhead();
		long start = System.nanoTime();
		if (!guard.breaker().tryAcquirePermission()) {
			guard.record(Kind.CIRCUIT_OPEN.tag(), start);
			throw new FetchFailure(Kind.CIRCUIT_OPEN, "recent fetches from this FHIR server failed too often; it is "
					+ "not called for up to " + properties.breakerOpenDuration().toSeconds() + " s");
		}
		if (!bulkhead.tryAcquirePermission()) {
			guard.breaker().releasePermission();
			guard.record(Kind.SERVER_BUSY.tag(), start);
			throw new FetchFailure(Kind.SERVER_BUSY, "too many fetches from this FHIR server are running already");
		}
		try {
			T result = fetch.get();
			guard.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			guard.record("ok", start);
			return result;
		}
		catch (FetchFailure failure) {
			if (failure.kind().serverFault()) {
				guard.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
			}
			else {
				guard.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
			guard.record(failure.kind().tag(), start);
			throw failure;
		}
		catch (RuntimeException unexpected) {
			guard.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, unexpected);
			guard.record("error", start);
			throw unexpected;
		}
		finally {
			bulkhead.onComplete();
		}
	}

	/** The circuit breaker's state for the origin, for tests and operators. */
	CircuitBreaker.State breakerState(String origin) {
		return guardFor(origin).breaker().getState();
	}

	private Guard guardFor(String origin) {
		Guard guard = guards.get(origin);
		if (guard != null) {
			return guard;
		}
		// Origins are bounded by the clients' allow-lists; with authentication
		// off they are not, and the metrics' tags must stay few.
		String name = (guards.size() < properties.maxServers()) ? origin : OTHER_ORIGINS;
		return guards.computeIfAbsent(name, this::newGuard);
	}

	private Guard newGuard(String origin) {
		CircuitBreaker breaker = CircuitBreaker.of(origin, breakerConfig);
		Gauge.builder(BREAKER_METRIC, breaker, (b) -> (b.getState() == CircuitBreaker.State.OPEN) ? 1 : 0)
			.description("1 while the FHIR server's circuit breaker is open")
			.tag("origin", origin)
			.register(meters);
		return new Guard(origin, Bulkhead.of(origin, bulkheadConfig),
				Bulkhead.of(origin + " (optional data)", bulkheadConfig), breaker);
	}

	private final class Guard {

		private final String origin;

		private final Bulkhead bulkhead;

		private final Bulkhead optionalBulkhead;

		private final CircuitBreaker breaker;

		Guard(String origin, Bulkhead bulkhead, Bulkhead optionalBulkhead, CircuitBreaker breaker) {
			this.origin = origin;
			this.bulkhead = bulkhead;
			this.optionalBulkhead = optionalBulkhead;
			this.breaker = breaker;
		}

		Bulkhead bulkhead() {
			return bulkhead;
		}

		Bulkhead optionalBulkhead() {
			return optionalBulkhead;
		}

		CircuitBreaker breaker() {
			return breaker;
		}

		void record(String outcome, long startNanos) {
			Timer.builder(FETCH_METRIC)
				.description("Fetches from EHR FHIR servers, by origin and outcome")
				.tag("origin", origin)
				.tag("outcome", outcome)
				.register(meters)
				.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
		}

	}

}
