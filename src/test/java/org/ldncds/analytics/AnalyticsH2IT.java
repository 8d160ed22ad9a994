package org.ldncds.analytics;

import org.ldncds.db.H2Database;

/** The analytics contract on H2, the embedded default. */
@H2Database
class AnalyticsH2IT extends AnalyticsContractIT {

}
