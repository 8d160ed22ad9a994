package org.ldncds.db;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the PostgreSQL variants run, are skipped, or fail the build: a CI run must never
 * pass while silently testing H2 only.
 */
class PostgresRequirementTest {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/ldn_cds_test?user=postgres";

	@Test
	void runsAgainstTheNamedServer() {
		assertThat(
				TestDatabases.postgresUnavailable(Map.of(TestDatabases.POSTGRES_URL_VARIABLE, URL)::get, () -> false))
			.isEmpty();
		assertThat(TestDatabases.postgresUnavailable(
				Map.of(TestDatabases.POSTGRES_URL_VARIABLE, URL, TestDatabases.CI_VARIABLE, "true")::get, () -> false))
			.isEmpty();
	}

	@Test
	void locallyWithoutPostgresTheVariantsAreSkippedSayingHowToRunThem() {
		assertThat(TestDatabases.postgresUnavailable(Map.<String, String>of()::get, () -> false))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("LDN_TEST_POSTGRES_URL is not set")
				.contains("jdbc:postgresql://"));
	}

	@Test
	void inCiWithoutPostgresTheBuildFails() {
		assertThatThrownBy(
				() -> TestDatabases.postgresUnavailable(Map.of(TestDatabases.CI_VARIABLE, "true")::get, () -> false))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("CI=true")
			.hasMessageContaining("LDN_TEST_POSTGRES_URL is not set");
	}

	@Test
	void aDockerEngineServesWhenNoServerIsNamed() {
		assertThat(TestDatabases.postgresUnavailable(Map.of(TestDatabases.CI_VARIABLE, "true")::get, () -> true))
			.isEmpty();
	}

	@Test
	void theEndOfRunReportNamesTheSkippedClasses() {
		assertThat(PostgresSkipReport.describe(Set.of("AuditTrailPostgresIT"), "LDN_TEST_POSTGRES_URL is not set"))
			.contains("1 PostgreSQL test classes were SKIPPED: LDN_TEST_POSTGRES_URL is not set")
			.contains("AuditTrailPostgresIT");
		assertThat(PostgresSkipReport.describe(Set.of(), null)).isNull();
	}

}
