package org.ldncds.audit;

import org.ldncds.db.ProxiedDatabase;
import org.ldncds.db.RequiresPostgres;

/** The journal contract on PostgreSQL behind the proxy; skipped where there is none. */
@RequiresPostgres
class AuditJournalPostgresIT extends AuditJournalContractIT {

	@Override
	ProxiedDatabase database(String name) {
		return ProxiedDatabase.postgres(name);
	}

}
