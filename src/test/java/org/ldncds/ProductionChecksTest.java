package org.ldncds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prod profile refuses to start without PostgreSQL, Redis and the pseudonym secret,
 * and with the demo client on, naming each missing thing; with all of them it starts. Run
 * on an empty application (the checks come before any bean), with the service's own
 * configuration files.
 */
class ProductionChecksTest {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	/** Everything prod needs. */
	private static Map<String, String> complete() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.datasource.url", "jdbc:postgresql://db.example.org:5432/ldn");
		settings.put("spring.data.redis.host", "redis.example.org");
		settings.put("ldn.audit.patient-key-secret", SECRET);
		return settings;
	}

	@Test
	void startsWithEverythingItNeedsAndTheDemoClientOffByTheProfile() {
		try (ConfigurableApplicationContext context = start(complete())) {
			assertThat(context.getEnvironment().getProperty("ldn.security.demo-client.enabled")).isEqualTo("false");
		}
	}

	@Test
	void namesEveryMissingThingAtOnce() {
		Map<String, String> nothing = new LinkedHashMap<>();
		nothing.put("ldn.security.demo-client.enabled", "true");

		assertThat(refusal(nothing)).hasSize(4)
			.anySatisfy((item) -> assertThat(item).startsWith("PostgreSQL").contains("it is not set"))
			.anySatisfy((item) -> assertThat(item).startsWith("Redis"))
			.anySatisfy((item) -> assertThat(item).startsWith("the patient pseudonym secret"))
			.anySatisfy((item) -> assertThat(item).startsWith("the demo client must be off"));
	}

	@Test
	void refusesWithoutPostgreSql() {
		Map<String, String> settings = complete();
		settings.remove("spring.datasource.url");
		assertThat(refusal(settings)).singleElement()
			.satisfies((item) -> assertThat(item).startsWith("PostgreSQL").contains("SPRING_DATASOURCE_URL"));
	}

	@Test
	void refusesTheEmbeddedH2DatabaseWithoutQuotingTheUrl() {
		Map<String, String> settings = complete();
		settings.put("spring.datasource.url", "jdbc:h2:file:./data/ldn-cds;PASSWORD=hidden");
		assertThat(refusal(settings)).singleElement()
			.satisfies(
					(item) -> assertThat(item).contains("it names jdbc:h2, not PostgreSQL").doesNotContain("hidden"));
	}

	@Test
	void refusesWithoutRedis() {
		Map<String, String> settings = complete();
		settings.remove("spring.data.redis.host");
		assertThat(refusal(settings)).singleElement()
			.satisfies((item) -> assertThat(item).startsWith("Redis").contains("SPRING_DATA_REDIS_HOST"));
	}

	@Test
	void acceptsARedisUrlInsteadOfAHost() {
		Map<String, String> settings = complete();
		settings.remove("spring.data.redis.host");
		settings.put("spring.data.redis.url", "rediss://redis.example.org:6380");
		start(settings).close();
	}

	@Test
	void refusesWithoutThePseudonymSecret() {
		Map<String, String> settings = complete();
		settings.remove("ldn.audit.patient-key-secret");
		assertThat(refusal(settings)).singleElement()
			.satisfies((item) -> assertThat(item).startsWith("the patient pseudonym secret")
				.contains("LDN_AUDIT_PATIENT_KEY_SECRET"));
	}

	@Test
	void refusesAShortPseudonymSecret() {
		Map<String, String> settings = complete();
		settings.put("ldn.audit.patient-key-secret", "short");
		assertThat(refusal(settings)).singleElement()
			.satisfies((item) -> assertThat(item).contains("shorter than 32 characters").doesNotContain("short,"));
	}

	@Test
	void refusesTheDemoClient() {
		Map<String, String> settings = complete();
		settings.put("ldn.security.demo-client.enabled", "true");
		assertThat(refusal(settings)).singleElement()
			.satisfies((item) -> assertThat(item).startsWith("the demo client must be off"));
	}

	@Test
	void checksNothingWithoutTheProfile() {
		new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).run().close();
	}

	@Test
	void theFailureAnalysisListsEachMissingThingOnALine() {
		ProductionChecks.MissingProductionSettings failure = new ProductionChecks.MissingProductionSettings(
				List.of("PostgreSQL: set it", "Redis: set it"));
		FailureAnalysis analysis = new ProductionChecks.Analyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("\n  - PostgreSQL: set it").contains("\n  - Redis: set it");
		assertThat(analysis.getAction()).contains("Running more than one instance");
	}

	private static List<String> refusal(Map<String, String> settings) {
		List<String> missing = new ArrayList<>();
		assertThatThrownBy(() -> start(settings).close())
			.isInstanceOfSatisfying(ProductionChecks.MissingProductionSettings.class,
					(failure) -> missing.addAll(failure.missing()))
			.hasMessageStartingWith("The prod profile refuses to start; missing: ");
		return missing;
	}

	private static ConfigurableApplicationContext start(Map<String, String> settings) {
		List<String> arguments = new ArrayList<>();
		settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(Empty.class).profiles(ProductionChecks.PROFILE)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
