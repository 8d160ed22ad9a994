package org.ldncds;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@code prod} profile refuses to start unless what several instances share is
 * configured: PostgreSQL for the audit and feedback, Redis for the token replay cache,
 * the patient pseudonym secret (the same on every instance, so that pseudonyms link), and
 * the demo client off. It checks the settings before anything starts (no database is
 * asked) and names every missing one at once.
 */
public class ProductionChecks implements EnvironmentPostProcessor, Ordered {

	/** The profile that asks for these checks. */
	public static final String PROFILE = "prod";

	/** The shortest pseudonym secret accepted: 256 bits written in hex, or more. */
	static final int MIN_SECRET_LENGTH = 32;

	static final List<String> REDIS_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes");

	@Override
	public int getOrder() {
		// After the configuration files (application-prod.yaml among them) are read.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.matchesProfiles(PROFILE)) {
			return;
		}
		List<String> missing = missing(Binder.get(environment));
		if (!missing.isEmpty()) {
			throw new MissingProductionSettings(missing);
		}
	}

	static List<String> missing(Binder settings) {
		List<String> missing = new ArrayList<>();
		String url = settings.bind("spring.datasource.url", String.class).orElse("");
		if (!url.startsWith("jdbc:postgresql:")) {
			// The scheme alone: the rest of a URL may hold a password.
			String given = url.isBlank() ? "it is not set"
					: "it names " + url.replaceFirst("^(jdbc:[A-Za-z0-9]+).*$", "$1") + ", not PostgreSQL";
			missing.add("PostgreSQL: set spring.datasource.url (SPRING_DATASOURCE_URL) to "
					+ "jdbc:postgresql://host:5432/database, with SPRING_DATASOURCE_USERNAME and "
					+ "SPRING_DATASOURCE_PASSWORD; " + given);
		}
		boolean redis = REDIS_PROPERTIES.stream()
			.anyMatch((name) -> settings.bind(name, String.class).map((value) -> !value.isBlank()).orElse(false));
		if (!redis) {
			missing.add("Redis: set spring.data.redis.host (SPRING_DATA_REDIS_HOST, with _PORT and _PASSWORD) "
					+ "or spring.data.redis.url (SPRING_DATA_REDIS_URL): the token replay cache must be shared "
					+ "by every instance");
		}
		String secret = settings.bind("ldn.audit.patient-key-secret", String.class).orElse("");
		if (secret.isBlank()) {
			missing.add("the patient pseudonym secret: set ldn.audit.patient-key-secret "
					+ "(LDN_AUDIT_PATIENT_KEY_SECRET), the same on every instance, at least " + MIN_SECRET_LENGTH
					+ " characters (e.g. openssl rand -hex 32)");
		}
		else if (secret.length() < MIN_SECRET_LENGTH) {
			missing.add("the patient pseudonym secret: ldn.audit.patient-key-secret (LDN_AUDIT_PATIENT_KEY_SECRET) "
					+ "is shorter than " + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -hex 32)");
		}
		if (settings.bind("ldn.security.demo-client.enabled", Boolean.class).orElse(true)) {
			missing.add("the demo client must be off: set ldn.security.demo-client.enabled=false "
					+ "(LDN_SECURITY_DEMOCLIENT_ENABLED=false); it hands out tokens to any caller on the machine");
		}
		return missing;
	}

	/** The {@code prod} profile is on and settings it needs are missing. */
	public static class MissingProductionSettings extends IllegalStateException {

		private final List<String> missing;

		MissingProductionSettings(List<String> missing) {
			super("The prod profile refuses to start; missing: " + String.join("; ", missing));
			this.missing = List.copyOf(missing);
		}

		public List<String> missing() {
			return missing;
		}

	}

	/** Says at startup, one line each, what the prod profile misses. */
	public static class Analyzer extends AbstractFailureAnalyzer<MissingProductionSettings> {

		@Override
		protected FailureAnalysis analyze(Throwable root, MissingProductionSettings cause) {
			StringBuilder description = new StringBuilder(
					"The prod profile is active and settings it needs are missing:");
			cause.missing().forEach((item) -> description.append(System.lineSeparator()).append("  - ").append(item));
			return new FailureAnalysis(description.toString(),
					"Set each of them (README, \"Running more than one instance\"), or start without the prod "
							+ "profile for a single instance on this machine.",
					cause);
		}

	}

}
