package org.ldncds.audit;

import org.ldncds.db.H2Database;

/** The patient privacy contract on H2, the embedded default. */
@H2Database
class PatientPrivacyH2IT extends PatientPrivacyContractIT {

}
