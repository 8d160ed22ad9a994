package org.ldncds;

import java.nio.file.Path;

import org.ldncds.db.Database;
import org.ldncds.db.RequiresPostgres;
import org.ldncds.db.TestDatabases;

/** Restart survival on PostgreSQL; skipped where there is none. */
@RequiresPostgres
class RestartSurvivalPostgresIT extends RestartSurvivalContractIT {

	@Override
	Database database(Path directory) {
		return TestDatabases.postgres("ldn_restart");
	}

}
