package org.ldncds.db;

/** The startup contract on H2, served over TCP by an H2 server behind the proxy. */
class DatabaseStartupH2IT extends DatabaseStartupContractIT {

	@Override
	ProxiedDatabase database(String name) {
		return ProxiedDatabase.h2(name);
	}

}
