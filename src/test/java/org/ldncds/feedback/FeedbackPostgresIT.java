package org.ldncds.feedback;

import org.ldncds.db.PostgresDatabase;

/** The feedback contract on PostgreSQL; skipped where there is none. */
@PostgresDatabase
class FeedbackPostgresIT extends FeedbackContractIT {

}
