package org.ldncds.db;

/** The startup contract on PostgreSQL behind the proxy; skipped where there is none. */
@RequiresPostgres
class DatabaseStartupPostgresIT extends DatabaseStartupContractIT {

	@Override
	ProxiedDatabase database(String name) {
		return ProxiedDatabase.postgres(name);
	}

}
