package org.ldncds.db;

import java.util.Set;
import java.util.TreeSet;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Says at the end of a local test run, where it cannot be missed, that the PostgreSQL
 * tests were skipped and how to run them: a green build that tested H2 only must not pass
 * for one that tested PostgreSQL too. Registered through META-INF/services.
 */
public class PostgresSkipReport implements TestExecutionListener {

	private static final Set<String> skippedClasses = new TreeSet<>();

	private static String reason;

	static synchronized void skipped(String testClass, String why) {
		skippedClasses.add(testClass);
		reason = why;
	}

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		String report = report();
		if (report != null) {
			System.err.println(report);
		}
	}

	/** The warning for the classes skipped so far, or {@code null} when none was. */
	static synchronized String report() {
		return describe(skippedClasses, reason);
	}

	static String describe(Set<String> skippedClasses, String reason) {
		if (skippedClasses.isEmpty()) {
			return null;
		}
		String line = "=".repeat(88);
		return String.join(System.lineSeparator(), line,
				"WARNING: " + skippedClasses.size() + " PostgreSQL test classes were SKIPPED: " + reason,
				"Skipped: " + String.join(", ", skippedClasses),
				"Only H2 was tested. In CI (CI=true) this is a failure instead.", line);
	}

}
