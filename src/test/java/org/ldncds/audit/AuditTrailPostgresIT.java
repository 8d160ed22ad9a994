package org.ldncds.audit;

import org.ldncds.db.PostgresDatabase;

/** The audit trail contract on PostgreSQL; skipped where there is none. */
@PostgresDatabase
class AuditTrailPostgresIT extends AuditTrailContractIT {

}
