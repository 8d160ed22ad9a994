package org.ldncds.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at startup for the database's first connection: a database that is still
 * starting, briefly unreachable, or slow on a loaded host is tried again every second
 * until the startup timeout has passed. A refused login is not waited for: it will not
 * change.
 */
final class DatabaseStartup {

	private static final Logger log = LoggerFactory.getLogger(DatabaseStartup.class);

	private static final Duration PAUSE = Duration.ofSeconds(1);

	/** SQL states of a refused login (class 28: invalid authorisation). */
	private static final String LOGIN_REFUSED = "28";

	private final Duration timeout;

	DatabaseStartup(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Returns once a connection could be had.
	 * @throws DatabaseUnavailableException when none could within the timeout, or the
	 * login was refused
	 */
	void await(DataSource dataSource) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int attempt = 0;
		while (true) {
			attempt++;
			try (Connection connection = dataSource.getConnection()) {
				if (attempt > 1) {
					log.info("The database answered at attempt {}", attempt);
				}
				return;
			}
			catch (SQLException ex) {
				if (loginRefused(ex)) {
					throw new DatabaseUnavailableException("The database refused the login: " + ex.getMessage(), ex);
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new DatabaseUnavailableException("The database did not answer within " + timeout
							+ " (ldn.database.startup-timeout), after " + attempt + " attempts: " + ex.getMessage(),
							ex);
				}
				log.warn("The database does not answer yet (attempt {}, {} s left): {}", attempt,
						Duration.ofNanos(left).toSeconds(), ex.getMessage());
				pause();
			}
		}
	}

	private static boolean loginRefused(SQLException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith(LOGIN_REFUSED)) {
				return true;
			}
		}
		return false;
	}

	private static void pause() {
		try {
			Thread.sleep(PAUSE.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DatabaseUnavailableException("Interrupted while waiting for the database", ex);
		}
	}

	/** The database could not be had at startup. */
	static final class DatabaseUnavailableException extends IllegalStateException {

		DatabaseUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
