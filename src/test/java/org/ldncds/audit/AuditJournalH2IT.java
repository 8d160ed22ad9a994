package org.ldncds.audit;

import org.ldncds.db.ProxiedDatabase;

/** The journal contract on H2, served over TCP by an H2 server behind the proxy. */
class AuditJournalH2IT extends AuditJournalContractIT {

	@Override
	ProxiedDatabase database(String name) {
		return ProxiedDatabase.h2(name);
	}

}
