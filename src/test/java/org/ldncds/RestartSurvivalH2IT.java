package org.ldncds;

import java.nio.file.Path;

import org.ldncds.db.Database;
import org.ldncds.db.TestDatabases;

/** Restart survival on an H2 file database, as the service runs by default. */
class RestartSurvivalH2IT extends RestartSurvivalContractIT {

	@Override
	Database database(Path directory) {
		return TestDatabases.h2File(directory.resolve("ldn-cds"));
	}

}
