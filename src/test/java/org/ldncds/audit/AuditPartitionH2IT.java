package org.ldncds.audit;

import org.ldncds.db.ProxiedDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The partition contract on H2, served over TCP by an H2 server behind the proxy. */
class AuditPartitionH2IT extends AuditPartitionContractIT {

	private static ProxiedDatabase database;

	@DynamicPropertySource
	static void datasource(DynamicPropertyRegistry registry) {
		database = ProxiedDatabase.h2("ldn_partition");
		database.register(registry);
	}

	@Override
	ProxiedDatabase database() {
		return database;
	}

}
