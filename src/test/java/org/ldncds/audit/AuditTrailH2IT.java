package org.ldncds.audit;

import org.ldncds.db.H2Database;

/** The audit trail contract on H2, the embedded default. */
@H2Database
class AuditTrailH2IT extends AuditTrailContractIT {

}
