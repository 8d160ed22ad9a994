package org.ldncds.audit;

import org.ldncds.db.PostgresDatabase;

/** The patient privacy contract on PostgreSQL; skipped where there is none. */
@PostgresDatabase
class PatientPrivacyPostgresIT extends PatientPrivacyContractIT {

}
