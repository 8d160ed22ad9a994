package org.ldncds.db;

import java.sql.SQLException;
import java.time.Duration;

import org.h2.tools.Server;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database the service reaches through a {@link TcpProxy}, so that a test can make it
 * unreachable ({@link #cut()}) and reachable again ({@link #restore()}), or silent
 * ({@link #hang()}) and partly reachable again ({@link #heal()}), while it keeps its
 * rows.
 */
public final class ProxiedDatabase {

	private final Database direct;

	private final TcpProxy proxy;

	private ProxiedDatabase(Database direct) {
		this.direct = direct;
		this.proxy = TcpProxy.to(direct.host(), direct.port());
	}

	/** An in-memory H2 database served over TCP by an H2 server in this JVM. */
	public static ProxiedDatabase h2(String name) {
		try {
			Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-tcpDaemon").start();
			return new ProxiedDatabase(TestDatabases.h2Server(server.getPort(), name));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot start an H2 TCP server", ex);
		}
	}

	/** A fresh PostgreSQL schema; see {@link TestDatabases#postgres(String)}. */
	public static ProxiedDatabase postgres(String schema) {
		return new ProxiedDatabase(TestDatabases.postgres(schema));
	}

	/** The database as the service reaches it: through the proxy. */
	public Database throughProxy() {
		return direct.at("127.0.0.1", proxy.port());
	}

	/** Points the service at the database through the proxy. */
	public void register(DynamicPropertyRegistry registry) {
		throughProxy().register(registry);
	}

	/** Makes the database unreachable: open connections break, new ones fail. */
	public void cut() {
		proxy.cut();
	}

	/** Makes the database reachable again. */
	public void restore() {
		proxy.restore();
	}

	/**
	 * A silent partition: nothing is closed, nothing answers, open connections included.
	 */
	public void hang() {
		proxy.hang();
	}

	/**
	 * Ends the partition for new connections; those caught in it stay silent for good.
	 */
	public void heal() {
		proxy.heal();
	}

	/**
	 * Waits until the service has tried to connect while cut.
	 * @return whether it did, within the timeout
	 */
	public boolean awaitRefusal(Duration timeout) throws InterruptedException {
		return proxy.awaitRefusal(timeout);
	}

	/** The database, reached directly, not through the proxy. */
	public Database direct() {
		return direct;
	}

}
