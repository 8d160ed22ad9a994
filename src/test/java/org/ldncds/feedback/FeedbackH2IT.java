package org.ldncds.feedback;

import org.ldncds.db.H2Database;

/** The feedback contract on H2, the embedded default. */
@H2Database
class FeedbackH2IT extends FeedbackContractIT {

}
