package org.ldncds.db;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the service waits for its database. Every connection gets network timeouts, so
 * that a database that stops answering without closing the connection (a silent network
 * partition) fails the statement instead of holding a thread for good.
 *
 * @param socketTimeout the longest wait for any answer on an open connection; also bounds
 * the longest statement (PostgreSQL {@code socketTimeout}, H2 server mode
 * {@code NETWORK_TIMEOUT})
 * @param connectTimeout the longest wait for a TCP connection (PostgreSQL
 * {@code connectTimeout}; H2 uses its own {@code h2.socketConnectTimeout}, 2 s)
 * @param loginTimeout the longest wait to connect and log in (PostgreSQL
 * {@code loginTimeout})
 * @param startupTimeout how long startup waits for the database's first connection before
 * it gives up
 */
@ConfigurationProperties("ldn.database")
public record DatabaseProperties(@DefaultValue("30s") Duration socketTimeout,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration loginTimeout,
		@DefaultValue("60s") Duration startupTimeout) {
}
