package org.ldncds.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit trail is kept.
 *
 * @param patientKeySecret the secret of the keyed hash that pseudonymises patients; when
 * empty a random one is made at startup, and patient keys do not link across restarts
 * @param bufferCapacity how many records may wait for the database (in the local
 * journal); beyond that new records are counted and logged as lost
 * @param batchSize how many calls are written per transaction
 * @param retryInterval how long to wait before writing again after the database failed
 * @param retentionDays audit and feedback rows older than this are purged
 * @param purgeCron when the purge runs
 * @param journalDirectory where records wait for the database: kept across restarts and
 * crashes, written at the next start
 * @param shutdownTimeout how long a stop may spend writing the backlog; what is left
 * stays in the journal for the next start
 * @param stalledAfter a database write or check taking longer than this makes the health
 * DEGRADED while it lasts
 * @param checkInterval how often an idle writer checks that the database answers, so that
 * health tells the truth without traffic
 * @param cardArrivalWindow feedback on a card issued this recently by another instance,
 * whose record is not in the database yet, is answered 503 with Retry-After (try again
 * shortly) rather than 400 (no such card)
 * @param partitionsAhead on PostgreSQL, how many days of partitions are made ahead of
 * today
 */
@ConfigurationProperties("ldn.audit")
public record AuditProperties(@DefaultValue("") String patientKeySecret, @DefaultValue("100000") int bufferCapacity,
		@DefaultValue("200") int batchSize, @DefaultValue("2s") Duration retryInterval,
		@DefaultValue("365") int retentionDays, @DefaultValue("0 30 3 * * *") String purgeCron,
		@DefaultValue("data/audit-journal") Path journalDirectory, @DefaultValue("10s") Duration shutdownTimeout,
		@DefaultValue("5s") Duration stalledAfter, @DefaultValue("10s") Duration checkInterval,
		@DefaultValue("2m") Duration cardArrivalWindow, @DefaultValue("7") int partitionsAhead) {
}
