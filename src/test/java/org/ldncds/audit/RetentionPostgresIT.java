package org.ldncds.audit;

import org.ldncds.db.PostgresDatabase;

/** The retention purge contract on PostgreSQL; skipped where there is none. */
@PostgresDatabase
class RetentionPostgresIT extends RetentionContractIT {

}
