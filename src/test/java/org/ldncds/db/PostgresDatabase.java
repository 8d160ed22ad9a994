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
 * Points a Spring Boot test at PostgreSQL (see {@link TestDatabases}): a fresh schema,
 * migrated by Flyway at startup. Skipped where there is no PostgreSQL. Every test class
 * so annotated (with the same other settings) shares one application context and so one
 * schema: tests must tell their own rows apart, by the ids of the calls and cards they
 * made.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RequiresPostgres
@ContextConfiguration(initializers = PostgresDatabase.Initializer.class)
public @interface PostgresDatabase {

	/** Creates the schema and sets the datasource properties. */
	class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Database database = TestDatabases.postgres("ldn_contract");
			database.applyTo(context);
		}

	}

}
