package org.ldncds.audit;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
	Retention auditRetention(AuditRepository repository, AuditProperties properties, Clock clock) {
		return new Retention(repository, properties, clock);
	}

	/** Purges audit and feedback rows older than the retention period. */
	static class Retention {

		private final AuditRepository repository;

		private final AuditProperties properties;

		private final Clock clock;

		Retention(AuditRepository repository, AuditProperties properties, Clock clock) {
			this.repository = repository;
			this.properties = properties;
			this.clock = clock;
		}

		@Scheduled(cron = "${ldn.audit.purge-cron:0 30 3 * * *}")
		int purge() {
			int deleted = repository.purgeOlderThan(clock.instant().minus(Duration.ofDays(properties.retentionDays())));
			log.info("Audit retention: deleted {} rows older than {} days", deleted, properties.retentionDays());
			return deleted;
		}

	}

}
