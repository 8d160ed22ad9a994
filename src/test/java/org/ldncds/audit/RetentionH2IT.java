package org.ldncds.audit;

import org.ldncds.db.H2Database;

/** The retention purge contract on H2, the embedded default. */
@H2Database
class RetentionH2IT extends RetentionContractIT {

}
