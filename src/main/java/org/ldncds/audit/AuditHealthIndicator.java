package org.ldncds.audit;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Shows the audit backlog. While the audit database is unreachable the service still
 * answers (records are buffered), so the status is DEGRADED, not DOWN.
 */
@Component("audit")
class AuditHealthIndicator implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "audit records are buffered: the database is unreachable");

	private final AuditTrail trail;

	AuditHealthIndicator(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	public Health health() {
		Health.Builder health = trail.databaseReachable() ? Health.up() : Health.status(DEGRADED);
		return health.withDetail("backlog", trail.backlog()).withDetail("dropped", trail.dropped()).build();
	}

}
