package org.ldncds.audit;

import java.time.Clock;
import java.time.Duration;

import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** The audit trail and its retention. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
@EnableScheduling
class AuditConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

	@Bean
	AuditTrail auditTrail(AuditRepository repository, AuditProperties properties, MeterRegistry meters) {
		PatientPseudonym pseudonym;
		if (properties.patientKeySecret().isBlank()) {
			log.warn("ldn.audit.patient-key-secret is not set: using a random key, so patient pseudonyms "
					+ "will not link across restarts");
			pseudonym = PatientPseudonym.withRandomSecret();
		}
		else {
			pseudonym = PatientPseudonym.withSecret(properties.patientKeySecret());
		}
		return new AuditTrail(repository, pseudonym, properties, meters);
	}

	@Bean
	Retention auditRetention(AuditRepository repository, JdbcClient jdbc, AuditProperties properties, Clock clock,
			MeterRegistry meters) {
		return new Retention(repository, new JobLease(jdbc, clock), properties, clock, meters);
	}

	/**
	 * Purges audit and feedback rows older than the retention period, on one instance at
	 * a time; makes the days' partitions ahead (PostgreSQL), on every instance.
	 */
	static class Retention implements ApplicationRunner {

		static final String PURGE_JOB = "audit-purge";

		/**
		 * An instance whose schedule fires moments after another's finds the job done.
		 */
		static final Duration HELD_AT_LEAST = Duration.ofMinutes(1);

		/** A purge killed with its instance frees the job after this. */
		static final Duration HELD_AT_MOST = Duration.ofHours(1);

		private final AuditRepository repository;

		private final JobLease lease;

		private final AuditProperties properties;

		private final Clock clock;

		private final Counter ran;

		private final Counter skipped;

		Retention(AuditRepository repository, JobLease lease, AuditProperties properties, Clock clock,
				MeterRegistry meters) {
			this.repository = repository;
			this.lease = lease;
			this.properties = properties;
			this.clock = clock;
			this.ran = Counter.builder("ldn.audit.purge")
				.description("Audit purges run by this instance, or skipped because another ran it")
				.tag("outcome", "ran")
				.register(meters);
			this.skipped = Counter.builder("ldn.audit.purge").tag("outcome", "skipped").register(meters);
		}

		@Override
		public void run(ApplicationArguments arguments) {
			preparePartitions();
		}

		/**
		 * Makes the partitions of the days ahead; a failure (the database down) is
		 * logged, and the writer makes what it needs when it writes.
		 */
		@Scheduled(cron = "0 15 * * * *")
		void preparePartitions() {
			try {
				repository.preparePartitions(clock.instant(), properties.partitionsAhead());
			}
			catch (DataAccessException ex) {
				log.warn("Could not make the audit partitions ahead ({}); retried within the hour",
						ex.getClass().getSimpleName());
			}
		}

		/**
		 * Purges, unless another instance is purging or purged moments ago.
		 * @return what was purged, or empty when another instance held the job
		 */
		@Scheduled(cron = "${ldn.audit.purge-cron:0 30 3 * * *}")
		Optional<AuditRepository.Purged> purge() {
			Optional<JobLease.Held> held;
			try {
				held = lease.take(PURGE_JOB, HELD_AT_LEAST, HELD_AT_MOST);
			}
			catch (DataAccessException ex) {
				log.warn("Audit retention: database unreachable ({}); purging at the next schedule",
						ex.getClass().getSimpleName());
				return Optional.empty();
			}
			if (held.isEmpty()) {
				skipped.increment();
				log.info("Audit retention: another instance is purging or has just purged; skipped");
				return Optional.empty();
			}
			try {
				AuditRepository.Purged purged = repository
					.purgeOlderThan(clock.instant().minus(Duration.ofDays(properties.retentionDays())));
				ran.increment();
				log.info("Audit retention ({} days): dropped {} day partitions and deleted {} rows before {}",
						properties.retentionDays(), purged.partitions(), purged.rows(), purged.firstDayKept());
				return Optional.of(purged);
			}
			finally {
				held.get().release();
			}
		}

	}

}
