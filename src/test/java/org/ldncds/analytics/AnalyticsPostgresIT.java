package org.ldncds.analytics;

import org.ldncds.db.PostgresDatabase;

/** The analytics contract on PostgreSQL; skipped where there is none. */
@PostgresDatabase
class AnalyticsPostgresIT extends AnalyticsContractIT {

}
