package org.ldncds.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.api.Trigger;

/**
 * Holds back the audit writer: while held, its insert into {@code issued_card} waits, so
 * the cards of the calls made meanwhile stay in the audit buffer, not yet written, while
 * the rest of the database (feedback included) works. On PostgreSQL a transaction locks
 * the table; H2 has no table locks, so a trigger waits instead.
 */
public final class AuditWriteHold implements AutoCloseable {

	private static final String H2_TRIGGER = "ldn_test_hold_issued_card";

	/** The hold an H2 trigger waits on; {@code null} when nothing is held. */
	private static volatile CountDownLatch h2Hold;

	private final DataSource dataSource;

	private final Connection lock;

	private AuditWriteHold(DataSource dataSource, Connection lock) {
		this.dataSource = dataSource;
		this.lock = lock;
	}

	/** Holds the writer until {@link #close()}. */
	public static AuditWriteHold on(DataSource dataSource) throws SQLException {
		Connection connection = dataSource.getConnection();
		if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("lock table issued_card in share mode");
			}
			return new AuditWriteHold(dataSource, connection);
		}
		try (connection; Statement statement = connection.createStatement()) {
			h2Hold = new CountDownLatch(1);
			statement.execute("create trigger " + H2_TRIGGER + " before insert on issued_card for each row call '"
					+ WaitingTrigger.class.getName() + "'");
		}
		return new AuditWriteHold(dataSource, null);
	}

	/** Lets the writer go on. */
	@Override
	public void close() throws SQLException {
		if (lock != null) {
			lock.rollback();
			lock.setAutoCommit(true);
			lock.close();
			return;
		}
		CountDownLatch hold = h2Hold;
		h2Hold = null;
		hold.countDown();
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("drop trigger " + H2_TRIGGER);
		}
	}

	/** Makes an insert wait while the hold lasts, at most a minute. */
	public static class WaitingTrigger implements Trigger {

		@Override
		public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
			CountDownLatch hold = h2Hold;
			if (hold == null) {
				return;
			}
			try {
				hold.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
