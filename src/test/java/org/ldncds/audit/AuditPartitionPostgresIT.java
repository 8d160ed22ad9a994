package org.ldncds.audit;

import org.ldncds.db.ProxiedDatabase;
import org.ldncds.db.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The partition contract on PostgreSQL behind the proxy; skipped where there is none. */
@RequiresPostgres
class AuditPartitionPostgresIT extends AuditPartitionContractIT {

	private static ProxiedDatabase database;

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		database = ProxiedDatabase.postgres("ldn_partition");
		database.register(registry);
	}

	@Override
	ProxiedDatabase database() {
		return database;
	}

}
