package org.ldncds.audit;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The audit trail's part of the service's health, from what the audit writer last saw:
 * answering it never touches the database, so it is quick even while the database hangs.
 * <ul>
 * <li>UP: records reach the database.</li>
 * <li>DEGRADED (HTTP 200): the database is unreachable, or a write or check has hung for
 * longer than {@code ldn.audit.stalled-after}. Calls are answered and their records kept
 * in the local journal; feedback is refused (503) until the database is back.</li>
 * <li>DOWN (HTTP 503): records are being lost, because the journal cannot be written or
 * is full. The service can no longer keep the audit it promises.</li>
 * </ul>
 */
@Component("audit")
class AuditHealthIndicator implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED",
			"calls are answered, audit records wait in the local journal: the database is unreachable");

	private final AuditTrail trail;

	AuditHealthIndicator(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	public Health health() {
		Health.Builder health;
		if (trail.losingRecords()) {
			health = Health.down();
		}
		else if (!trail.databaseReachable() || trail.stalled()) {
			health = Health.status(DEGRADED);
		}
		else {
			health = Health.up();
		}
		return health.withDetail("database", database())
			.withDetail("backlog", trail.backlog())
			.withDetail("dropped", trail.dropped())
			.withDetail("journal", trail.journalDirectory().toString())
			.build();
	}

	private String database() {
		if (trail.stalled()) {
			return "not answering";
		}
		return trail.databaseReachable() ? "reachable" : "unreachable";
	}

}
