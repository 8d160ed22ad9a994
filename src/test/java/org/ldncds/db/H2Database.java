package org.ldncds.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Points a Spring Boot test at a fresh in-memory H2 database in PostgreSQL mode, migrated
 * by Flyway at startup. Every test class so annotated (with the same other settings)
 * shares one application context and so one database: tests must tell their own rows
 * apart, by the ids of the calls and cards they made.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ContextConfiguration(initializers = H2Database.Initializer.class)
public @interface H2Database {

	/** Sets the datasource properties. */
	class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Database database = TestDatabases.h2InMemory("ldn_contract_" + System.nanoTime());
			database.applyTo(context);
		}

	}

}
