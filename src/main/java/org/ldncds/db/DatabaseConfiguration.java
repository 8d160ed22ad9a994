package org.ldncds.db;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
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

	private static DatabaseProperties settings(Environment environment) {
		return Binder.get(environment).bindOrCreate("ldn.database", DatabaseProperties.class);
	}

}
