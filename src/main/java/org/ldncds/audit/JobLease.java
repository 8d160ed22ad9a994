package org.ldncds.audit;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Lets one instance at a time run a scheduled job, through a row of {@code job_lease} in
 * the shared database (the way ShedLock's JDBC provider does). Taking the lease is one
 * conditional update: it succeeds only where the last holder's time has passed. The
 * holder keeps it at least {@code atLeast} from the start, so that an instance whose
 * schedule fires a moment later does not run the job again; and at most {@code atMost},
 * so that a holder killed mid-job does not block the job for good. Instances' clocks are
 * assumed to agree within seconds (NTP).
 */
final class JobLease {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final String holder;

	JobLease(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
	}

	/**
	 * Takes the job's lease if no one holds it.
	 * @return the lease, to {@link Held#release} when done; empty when another holds it
	 */
	Optional<Held> take(String job, Duration atLeast, Duration atMost) {
		Instant now = clock.instant();
		Timestamp until = Timestamp.from(now.plus(atMost));
		jdbc.sql("insert into job_lease (job_name, locked_until, locked_by) values (?, ?, ?) on conflict do nothing")
			.params(job, Timestamp.from(now.minusSeconds(1)), holder)
			.update();
		int taken = jdbc
			.sql("update job_lease set locked_until = ?, locked_by = ? where job_name = ? and locked_until <= ?")
			.params(until, holder, job, Timestamp.from(now))
			.update();
		return (taken == 1) ? Optional.of(new Held(job, now.plus(atLeast))) : Optional.empty();
	}

	/** A lease this instance holds. */
	final class Held {

		private final String job;

		private final Instant notBefore;

		private Held(String job, Instant notBefore) {
			this.job = job;
			this.notBefore = notBefore;
		}

		/** Gives the lease up: at once, or at the end of the least time it is held. */
		void release() {
			Instant now = clock.instant();
			Instant until = now.isAfter(notBefore) ? now : notBefore;
			jdbc.sql("update job_lease set locked_until = ? where job_name = ? and locked_by = ?")
				.params(Timestamp.from(until), job, holder)
				.update();
		}

	}

}
