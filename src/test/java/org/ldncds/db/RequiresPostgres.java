package org.ldncds.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the test class only where there is a PostgreSQL to test against (see
 * {@link TestDatabases}); elsewhere it is skipped, and the report says why, except in CI
 * ({@code CI=true}), where the class fails. The condition is checked before any Spring
 * context or database is made.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

	/** Enabled when PostgreSQL is available; the answer is worked out once per JVM. */
	class Condition implements ExecutionCondition {

		private static Optional<String> unavailable;

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			Optional<String> reason = unavailable();
			if (reason.isEmpty()) {
				return ConditionEvaluationResult.enabled("PostgreSQL is available");
			}
			PostgresSkipReport.skipped(context.getDisplayName(), reason.get());
			return ConditionEvaluationResult.disabled("PostgreSQL variant skipped: " + reason.get());
		}

		private static synchronized Optional<String> unavailable() {
			if (unavailable == null) {
				unavailable = TestDatabases.postgresUnavailable();
			}
			return unavailable;
		}

	}

}
