package org.ldncds.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The databases the database tests run against. H2, in the PostgreSQL mode the service
 * uses by default, is always there. PostgreSQL is the server named by
 * {@value #POSTGRES_URL_VARIABLE} when that is set (as {@code .ci/run} does), else a
 * Testcontainers {@value #POSTGRES_IMAGE} where Docker runs, else absent: the PostgreSQL
 * variants are then skipped, saying why (and {@link PostgresSkipReport} says so again at
 * the end of the run), except in CI ({@code CI=true}), where they fail.
 * <p>
 * Each PostgreSQL test database is a schema of its own, dropped and created afresh when
 * first used in a run, so runs do not see each other's rows and nothing piles up.
 */
public final class TestDatabases {

	/**
	 * The environment variable holding the JDBC URL of a PostgreSQL database the tests
	 * may create schemas in, credentials included, e.g.
	 * {@code jdbc:postgresql://127.0.0.1:5432/ldn_cds_test?user=postgres}.
	 */
	public static final String POSTGRES_URL_VARIABLE = "LDN_TEST_POSTGRES_URL";

	/**
	 * Set to {@code true} by CI systems (and .ci/run's callers): nothing may be skipped.
	 */
	public static final String CI_VARIABLE = "CI";

	/** The PostgreSQL image used where Docker runs and no server is named. */
	public static final String POSTGRES_IMAGE = "postgres:16-alpine";

	/** The H2 settings of the service's default datasource (application.yaml). */
	static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

	private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

	private static PostgresServer postgres;

	private TestDatabases() {
	}

	/** An H2 database in memory, kept until the JVM ends. */
	public static Database h2InMemory(String name) {
		return new Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_SETTINGS, "sa", "");
	}

	/** An H2 database in a file, which outlives the service that opened it. */
	public static Database h2File(Path file) {
		return new Database("jdbc:h2:file:" + file.toAbsolutePath() + H2_SETTINGS, "sa", "");
	}

	/** An in-memory H2 database served over TCP on the port given. */
	public static Database h2Server(int port, String name) {
		return new Database("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_SETTINGS,
				"sa", "");
	}

	/**
	 * A fresh, empty PostgreSQL schema of this name: dropped if it exists, then created.
	 * Only call this where {@link #postgresUnavailable()} is empty.
	 */
	public static synchronized Database postgres(String schema) {
		if (!SCHEMA_NAME.matcher(schema).matches()) {
			throw new IllegalArgumentException("not a plain schema name: " + schema);
		}
		if (postgres == null) {
			postgres = PostgresServer.find();
		}
		return postgres.freshSchema(schema);
	}

	/**
	 * Why there is no PostgreSQL to test against, or empty when there is one.
	 * @throws IllegalStateException in CI ({@code CI=true}), where a missing PostgreSQL
	 * is an error, never a reason to skip the PostgreSQL tests
	 */
	public static Optional<String> postgresUnavailable() {
		return postgresUnavailable(System::getenv, () -> DockerClientFactory.instance().isDockerAvailable());
	}

	static Optional<String> postgresUnavailable(Function<String, String> environment, BooleanSupplier docker) {
		if (environment.apply(POSTGRES_URL_VARIABLE) != null) {
			return Optional.empty();
		}
		if (docker.getAsBoolean()) {
			return Optional.empty();
		}
		String reason = POSTGRES_URL_VARIABLE + " is not set and Docker is not available; set it to a JDBC URL "
				+ "such as jdbc:postgresql://127.0.0.1:5432/ldn_cds_test?user=postgres to test PostgreSQL";
		if ("true".equalsIgnoreCase(environment.apply(CI_VARIABLE))) {
			throw new IllegalStateException(
					"CI=true, so the PostgreSQL tests must run, but " + reason + " (.ci/run sets it up)");
		}
		return Optional.of(reason);
	}

	/** The PostgreSQL server holding the test schemas. */
	private record PostgresServer(String url, String username, String password) {

		static PostgresServer find() {
			String url = System.getenv(POSTGRES_URL_VARIABLE);
			if (url != null) {
				// Credentials, if any, are in the URL.
				return new PostgresServer(url, null, null);
			}
			// Started once per JVM; Testcontainers removes it when the JVM ends.
			PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
			container.start();
			return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}

		Database freshSchema(String schema) {
			Properties credentials = new Properties();
			if (username != null) {
				credentials.setProperty("user", username);
				credentials.setProperty("password", password);
			}
			try (Connection connection = DriverManager.getConnection(url, credentials);
					Statement statement = connection.createStatement()) {
				statement.execute("drop schema if exists " + schema + " cascade");
				statement.execute("create schema " + schema);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot create schema " + schema + " in the PostgreSQL database "
						+ url.replaceAll("password=[^&]*", "password=...") + ": " + ex.getMessage(), ex);
			}
			String separator = url.contains("?") ? "&" : "?";
			return new Database(url + separator + "currentSchema=" + schema, username, password);
		}

	}

}
