package org.ldncds.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vendor's migrations are told by the JDBC URL, without asking the database (which
 * may not answer yet at startup).
 */
class VendorMigrationsTest {

	@Test
	void tellsTheVendorByTheUrl() {
		assertThat(DatabaseConfiguration.vendorOf("jdbc:postgresql://db:5432/ldn?user=ldn")).isEqualTo("postgresql");
		assertThat(DatabaseConfiguration.vendorOf("jdbc:h2:file:./data/ldn-cds;MODE=PostgreSQL")).isEqualTo("h2");
	}

	@Test
	void refusesAnotherDatabaseWithoutQuotingTheUrl() {
		assertThatThrownBy(() -> DatabaseConfiguration.vendorOf("jdbc:mysql://db/ldn?password=hidden"))
			.hasMessageContaining("it names jdbc:mysql")
			.hasMessageNotContaining("hidden");
	}

}
