package org.ldncds.db;

import java.time.Duration;

/**
 * Waits for something that happens in the background, such as the audit writer's work.
 */
public final class Eventually {

	private Eventually() {
	}

	/** A check that fails by throwing an {@link AssertionError}. */
	@FunctionalInterface
	public interface Check {

		void run() throws Exception;

	}

	/** Runs the check until it passes; after the timeout its last failure is thrown. */
	public static void within(Duration timeout, Check check) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				check.run();
				return;
			}
			catch (AssertionError ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(50);
			}
		}
	}

}
