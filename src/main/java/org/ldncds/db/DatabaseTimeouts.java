package org.ldncds.db;

import java.time.Duration;
import java.util.Locale;

import com.zaxxer.hikari.HikariConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a connection pool's connections the network timeouts of
 * {@link DatabaseProperties}, as driver properties: a value already in the JDBC URL or in
 * {@code spring.datasource.hikari.data-source-properties} is left as it is.
 */
final class DatabaseTimeouts {

	private static final Logger log = LoggerFactory.getLogger(DatabaseTimeouts.class);

	private DatabaseTimeouts() {
	}

	static void apply(HikariConfig pool, DatabaseProperties timeouts) {
		String url = pool.getJdbcUrl();
		if (url == null) {
			return;
		}
		if (url.startsWith("jdbc:postgresql:")) {
			setUnlessGiven(pool, url, "socketTimeout", seconds(timeouts.socketTimeout()));
			setUnlessGiven(pool, url, "connectTimeout", seconds(timeouts.connectTimeout()));
			setUnlessGiven(pool, url, "loginTimeout", seconds(timeouts.loginTimeout()));
		}
		else if (url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
			setUnlessGiven(pool, url, "NETWORK_TIMEOUT", Long.toString(timeouts.socketTimeout().toMillis()));
		}
		// Embedded H2 (file, memory) has no network to wait for.
	}

	private static void setUnlessGiven(HikariConfig pool, String url, String name, String value) {
		String lowerName = name.toLowerCase(Locale.ROOT);
		boolean inUrl = url.toLowerCase(Locale.ROOT).matches(".*[?&;]" + lowerName + "=.*");
		boolean inProperties = pool.getDataSourceProperties()
			.stringPropertyNames()
			.stream()
			.anyMatch((given) -> given.equalsIgnoreCase(name));
		if (inUrl || inProperties) {
			log.debug("Database connection setting {} is given; keeping it", name);
			return;
		}
		pool.addDataSourceProperty(name, value);
	}

	/**
	 * Whole seconds, at least one: PostgreSQL takes seconds, and 0 would mean forever.
	 */
	private static String seconds(Duration duration) {
		return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
	}

}
