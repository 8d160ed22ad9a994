package org.ldncds.db;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which network timeouts each kind of connection gets, and that given ones are kept. */
class DatabaseTimeoutsTest {

	private static final DatabaseProperties TIMEOUTS = new DatabaseProperties(Duration.ofSeconds(30),
			Duration.ofMillis(4500), Duration.ofSeconds(10), Duration.ofSeconds(60));

	@Test
	void postgresGetsSocketConnectAndLoginTimeoutsInSeconds() {
		HikariConfig pool = pool("jdbc:postgresql://db.example.org:5432/ldn");

		DatabaseTimeouts.apply(pool, TIMEOUTS);

		assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "30")
			.containsEntry("connectTimeout", "5")
			.containsEntry("loginTimeout", "10");
	}

	@Test
	void h2ServerModeGetsANetworkTimeoutInMilliseconds() {
		HikariConfig pool = pool("jdbc:h2:tcp://db.example.org:9092/ldn;MODE=PostgreSQL");

		DatabaseTimeouts.apply(pool, TIMEOUTS);

		assertThat(pool.getDataSourceProperties()).containsOnlyKeys("NETWORK_TIMEOUT")
			.containsEntry("NETWORK_TIMEOUT", "30000");
	}

	@Test
	void embeddedH2HasNoNetworkToTimeOut() {
		HikariConfig pool = pool("jdbc:h2:file:./data/ldn-cds;MODE=PostgreSQL");

		DatabaseTimeouts.apply(pool, TIMEOUTS);

		assertThat(pool.getDataSourceProperties()).isEmpty();
	}

	@Test
	void keepsATimeoutTheUrlOrThePoolAlreadyGives() {
		HikariConfig pool = pool("jdbc:postgresql://db.example.org/ldn?sslmode=require&socketTimeout=120");
		pool.addDataSourceProperty("loginTimeout", "3");

		DatabaseTimeouts.apply(pool, TIMEOUTS);

		assertThat(pool.getDataSourceProperties()).doesNotContainKey("socketTimeout")
			.containsEntry("loginTimeout", "3")
			.containsEntry("connectTimeout", "5");
	}

	private static HikariConfig pool(String url) {
		HikariConfig pool = new HikariConfig();
		pool.setJdbcUrl(url);
		return pool;
	}

}
