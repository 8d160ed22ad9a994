package org.ldncds.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.api.Location;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The service's database connections: network timeouts on every connection, and a start
 * that waits for the database instead of failing at its first refusal.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	/**
	 * Static, and reading the settings straight from the environment: a post-processor is
	 * made before ordinary beans.
	 */
	@Bean
	static BeanPostProcessor databaseTimeouts(Environment environment) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource pool) {
					DatabaseTimeouts.apply(pool, settings(environment));
				}
				return bean;
			}

		};
	}

	/**
	 * Flyway migrates once the database answers, as {@link DatabaseStartup} waits for.
	 */
	@Bean
	FlywayMigrationStrategy migrateOnceTheDatabaseAnswers(DatabaseProperties properties) {
		return (flyway) -> {
			DataSource dataSource = flyway.getConfiguration().getDataSource();
			new DatabaseStartup(properties.startupTimeout()).await(dataSource);
			flyway.migrate();
		};
	}

	/**
	 * The migrations of the database's vendor ({@code db/migration/postgresql} or
	 * {@code db/migration/h2}) after the shared ones, the vendor told by the JDBC URL.
	 * Not Spring Boot's {@code {vendor}} placeholder: that asks the database itself when
	 * Flyway is made, before startup waits for the database to answer.
	 */
	@Bean
	FlywayConfigurationCustomizer vendorMigrations(Environment environment) {
		return (configuration) -> {
			String url = environment.getProperty("spring.flyway.url",
					environment.getProperty("spring.datasource.url", ""));
			List<Location> locations = new ArrayList<>(Arrays.asList(configuration.getLocations()));
			locations.add(new Location("classpath:db/migration/" + vendorOf(url)));
			configuration.locations(locations.toArray(Location[]::new));
		};
	}

	static String vendorOf(String jdbcUrl) {
		if (jdbcUrl.startsWith("jdbc:postgresql:")) {
			return "postgresql";
		}
		if (jdbcUrl.startsWith("jdbc:h2:")) {
			return "h2";
		}
		throw new IllegalStateException("spring.datasource.url must name a PostgreSQL (jdbc:postgresql:) or H2 "
				+ "(jdbc:h2:) database; it names " + jdbcUrl.replaceFirst("^(jdbc:[A-Za-z0-9]+).*$", "$1"));
	}

	private static DatabaseProperties settings(Environment environment) {
		return Binder.get(environment).bindOrCreate("ldn.database", DatabaseProperties.class);
	}

}
