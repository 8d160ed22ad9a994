package org.ldncds.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The request-body budget on its own: what it holds, how long a call waits for room, that
 * every path gives the bytes back, and that many threads together never hold more than
 * the budget.
 */
class BodyBudgetTest {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		threads.shutdownNow();
	}

	@Test
	void holdsWhatIsReservedAndGrownAndGivesItBackOnce() {
		BodyBudget budget = budget(1000, Duration.ZERO);

		BodyBudget.Reservation held = budget.reserve(300);
		assertThat(budget.bytesInFlight()).isEqualTo(300);
		held.growTo(500);
		assertThat(held.bytes()).isEqualTo(500);
		assertThat(gauge()).isEqualTo(500);
		held.growTo(400);
		assertThat(budget.bytesInFlight()).as("a reservation never shrinks while held").isEqualTo(500);

		held.close();
		held.close();
		assertThat(budget.bytesInFlight()).isZero();
		assertThat(gauge()).isZero();
		assertThat(refusals()).isZero();
	}

	@Test
	void aFullBudgetMakesACallWaitThenRefusesItWith503NamingTheLimit() {
		BodyBudget budget = budget(1000, Duration.ofMillis(300));
		BodyBudget.Reservation other = budget.reserve(800);
		long start = System.nanoTime();

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> budget.reserve(300))
			.satisfies((refusal) -> {
				assertThat(refusal.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(refusal.error()).isEqualTo("busy");
				assertThat(refusal.getMessage()).contains("ldn.hooks.body-bytes-in-flight").contains("1000 bytes");
				assertThat(refusal.retryAfterSeconds()).contains(1L);
			});

		assertThat(elapsed(start)).isGreaterThanOrEqualTo(Duration.ofMillis(290)).isLessThan(Duration.ofSeconds(2));
		assertThat(budget.bytesInFlight()).as("the refused call holds nothing").isEqualTo(800);
		assertThat(refusals()).isEqualTo(1);
		other.close();
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void theRetryAfterIsTheWaitRoundedUpToWholeSeconds() {
		BodyBudget budget = new BodyBudget(10, Duration.ofMillis(2500), meters);

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> budget.reserve(11))
			.satisfies((refusal) -> assertThat(refusal.retryAfterSeconds()).contains(3L));
	}

	@Test
	void aWaitingCallGetsTheRoomAnotherCallGivesBack() throws Exception {
		BodyBudget budget = budget(1000, Duration.ofSeconds(10));
		BodyBudget.Reservation other = budget.reserve(800);
		CountDownLatch waiting = new CountDownLatch(1);
		Future<Long> waiter = threads.submit(() -> {
			waiting.countDown();
			try (BodyBudget.Reservation held = budget.reserve(300)) {
				return held.bytes();
			}
		});
		waiting.await();
		Thread.sleep(100);
		assertThat(waiter).as("waits while there is no room").isNotDone();

		long start = System.nanoTime();
		other.close();

		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(300);
		assertThat(elapsed(start)).as("woken by the release, not by the wait's end").isLessThan(Duration.ofSeconds(2));
		assertThat(budget.bytesInFlight()).isZero();
		assertThat(refusals()).isZero();
	}

	@Test
	void aRefusedGrowthKeepsWhatWasHeldUntilTheReservationIsClosed() {
		BodyBudget budget = budget(1000, Duration.ofMillis(50));
		BodyBudget.Reservation other = budget.reserve(300);
		BodyBudget.Reservation held = budget.reserve(600);

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> held.growTo(800));

		assertThat(held.bytes()).isEqualTo(600);
		assertThat(budget.bytesInFlight()).isEqualTo(900);
		held.close();
		assertThat(budget.bytesInFlight()).isEqualTo(300);
		other.close();
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aCallWaitsAtMostTheWaitInAllOverEveryGrowth() {
		BodyBudget budget = budget(1000, Duration.ofMillis(300));
		BodyBudget.Reservation other = budget.reserve(900);
		BodyBudget.Reservation held = budget.reserve(0);
		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> held.growTo(200));
		long start = System.nanoTime();

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> held.growTo(200));

		assertThat(elapsed(start)).as("no wait left for a second growth").isLessThan(Duration.ofMillis(200));
		held.close();
		other.close();
	}

	@Test
	void moreThanTheWholeBudgetIsRefusedWithoutWaiting() {
		BodyBudget budget = budget(1000, Duration.ofSeconds(10));
		long start = System.nanoTime();

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> budget.reserve(1001));

		assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(1));
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aReleasedReservationCannotGrowAgain() {
		BodyBudget budget = budget(1000, Duration.ZERO);
		BodyBudget.Reservation held = budget.reserve(100);
		held.close();

		assertThatIllegalStateException().isThrownBy(() -> held.growTo(200));
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void anInterruptedWaitIsARefusalAndKeepsTheInterrupt() throws Exception {
		BodyBudget budget = budget(1000, Duration.ofSeconds(30));
		BodyBudget.Reservation other = budget.reserve(1000);
		Future<Boolean> waiter = threads.submit(() -> {
			Thread.currentThread().interrupt();
			try {
				budget.reserve(1);
				return false;
			}
			catch (CdsHooksException refused) {
				return Thread.currentThread().isInterrupted();
			}
		});

		assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
		other.close();
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void manyThreadsTogetherNeverHoldMoreThanTheBudgetAndGiveEverythingBack() throws Exception {
		long limit = 10_000;
		BodyBudget budget = budget(limit, Duration.ofMillis(20));
		AtomicLong mostSeen = new AtomicLong();
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		int callers = 16;
		int callsEach = 200;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			running.add(threads.submit(() -> {
				start.await();
				for (int call = 0; call < callsEach; call++) {
					try (BodyBudget.Reservation held = budget.reserve(ThreadLocalRandom.current().nextInt(0, 2000))) {
						// A chunked body: grown in steps as it is read.
						for (int step = 0; step < 3; step++) {
							held.growTo(held.bytes() + ThreadLocalRandom.current().nextInt(0, 1000));
							mostSeen.accumulateAndGet(budget.bytesInFlight(), Math::max);
						}
						answered.incrementAndGet();
					}
					catch (CdsHooksException busy) {
						refused.incrementAndGet();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> caller : running) {
			caller.get(60, TimeUnit.SECONDS);
		}

		assertThat(answered.get() + refused.get()).isEqualTo(callers * callsEach);
		assertThat(answered.get()).isPositive();
		assertThat(mostSeen.get()).isPositive().isLessThanOrEqualTo(limit);
		assertThat(refusals()).isEqualTo(refused.get());
		assertThat(budget.bytesInFlight()).isZero();
		assertThat(gauge()).isZero();
	}

	@Test
	void unsetTheBudgetIsASixteenthOfTheHeapButNeverLessThanOneLargestBody() {
		long sixteenthOfHeap = Runtime.getRuntime().maxMemory() / 16;

		assertThat(BodyBudget.of(properties(DataSize.ofKilobytes(64), null), meters).limit())
			.isEqualTo(sixteenthOfHeap);
		DataSize moreThanTheHeap = DataSize.ofBytes(Runtime.getRuntime().maxMemory());
		assertThat(BodyBudget.of(properties(moreThanTheHeap, null), new SimpleMeterRegistry()).limit())
			.isEqualTo(moreThanTheHeap.toBytes());
	}

	@Test
	void aConfiguredBudgetIsTakenAsItIsButNotBelowTheLargestBody() {
		assertThat(BodyBudget.of(properties(DataSize.ofKilobytes(64), DataSize.ofKilobytes(100)), meters).limit())
			.isEqualTo(100 * 1024);
		assertThatIllegalStateException()
			.isThrownBy(() -> BodyBudget.of(properties(DataSize.ofKilobytes(64), DataSize.ofKilobytes(63)),
					new SimpleMeterRegistry()))
			.withMessageContaining("ldn.hooks.body-bytes-in-flight")
			.withMessageContaining("ldn.hooks.max-body-size");
	}

	private BodyBudget budget(long limit, Duration maxWait) {
		return new BodyBudget(limit, maxWait, meters);
	}

	private static HooksProperties properties(DataSize maxBodySize, DataSize bodyBytesInFlight) {
		return new HooksProperties(maxBodySize, 64, 1_000_000, 5000, bodyBytesInFlight, Duration.ofSeconds(2));
	}

	private double gauge() {
		return meters.get("ldn.hooks.body.bytes.in.flight").gauge().value();
	}

	private double refusals() {
		return meters.get("ldn.hooks.body.budget.refusals").counter().count();
	}

	private static Duration elapsed(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
