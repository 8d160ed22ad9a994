package org.ldncds.audit;

import org.ldncds.db.ProxiedDatabase;
import org.ldncds.db.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit outage contract on PostgreSQL behind the proxy; skipped where there is none.
 */
@RequiresPostgres
class AuditOutagePostgresIT extends AuditOutageContractIT {

	private static ProxiedDatabase database;

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		database = ProxiedDatabase.postgres("ldn_outage");
		database.register(registry);
	}

	@Override
	ProxiedDatabase database() {
		return database;
	}

}
