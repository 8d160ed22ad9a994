package org.ldncds.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit trail is kept.
 *
 * @param patientKeySecret the secret of the keyed hash that pseudonymises patients; when
 * empty a random one is made at startup, and patient keys do not link across restarts
 * @param bufferCapacity how many calls may wait for the database; beyond that new records
 * are counted and logged as lost
 * @param batchSize how many calls are written per transaction
 * @param retryInterval how long to wait before writing again after the database failed
 * @param retentionDays audit and feedback rows older than this are purged
 * @param purgeCron when the purge runs
 */
@ConfigurationProperties("ldn.audit")
public record AuditProperties(@DefaultValue("") String patientKeySecret, @DefaultValue("10000") int bufferCapacity,
		@DefaultValue("200") int batchSize, @DefaultValue("2s") Duration retryInterval,
		@DefaultValue("365") int retentionDays, @DefaultValue("0 30 3 * * *") String purgeCron) {
}
