package org.ldncds.deploy;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ldncds.security.SecurityProperties;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, read as Compose reads it (variables at their defaults): the stack
 * the issue asks for, wired together, with every variable it gives ldn-cds a real
 * property. No Docker engine runs on the build machines, so it is not started.
 */
class DockerComposeTest {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)(:-([^}]*))?}");

	private static final Pattern PINNED = Pattern.compile("[a-z/]+:v?\\d+(\\.\\d+)+(-[a-z0-9]+)*");

	private static Map<String, Object> services;

	private static Map<String, String> environment;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void readCompose() throws IOException {
		try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
			Map<String, Object> compose = new Yaml().load(reader);
			services = (Map<String, Object>) compose.get("services");
		}
		environment = new LinkedHashMap<>();
		((Map<String, Object>) service("ldn-cds").get("environment"))
			.forEach((name, value) -> environment.put(name, interpolate(String.valueOf(value))));
	}

	@Test
	void runsTheServiceWithPostgresRedisAndHapiFhirAtPinnedVersions() {
		assertThat(services).containsOnlyKeys("ldn-cds", "postgres", "redis", "hapi-fhir");
		assertThat((String) service("postgres").get("image")).matches(PINNED);
		assertThat((String) service("redis").get("image")).matches(PINNED);
		assertThat(map(map(service("hapi-fhir").get("build")).get("args")).get("HAPI_IMAGE").toString())
			.matches(PINNED);
		Map<String, Object> dependsOn = map(service("ldn-cds").get("depends_on"));
		assertThat(dependsOn).containsOnlyKeys("postgres", "redis", "hapi-fhir");
		dependsOn.forEach((name, condition) -> {
			assertThat(map(condition)).containsEntry("condition", "service_healthy");
			assertThat(service(name)).containsKey("healthcheck");
		});
	}

	@Test
	void theServiceUsesTheStacksPostgresAndRedis() {
		Map<String, Object> postgres = map(service("postgres").get("environment"));

		assertThat(environment).containsEntry("SPRING_DATASOURCE_URL",
				"jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
		assertThat(environment).containsEntry("SPRING_DATASOURCE_USERNAME", (String) postgres.get("POSTGRES_USER"));
		assertThat(environment.get("SPRING_DATASOURCE_PASSWORD"))
			.isEqualTo(interpolate((String) postgres.get("POSTGRES_PASSWORD")));
		assertThat(environment).containsEntry("SPRING_DATA_REDIS_HOST", "redis");
	}

	@Test
	void setsAdministratorCredentialsAndAPseudonymSecret() {
		assertThat(environment.get("LDN_ADMIN_USERNAME")).isNotBlank();
		assertThat(environment.get("LDN_ADMIN_PASSWORD")).isNotBlank();
		assertThat(environment.get("LDN_AUDIT_PATIENT_KEY_SECRET")).hasSizeGreaterThanOrEqualTo(32);
	}

	@Test
	@SuppressWarnings("unchecked")
	void theHostsBrowserGetsTokensAndTheDemoClientMayNameTheStacksFhirServer() {
		SecurityProperties security = bindSecurity();
		Map<String, Object> network = map(
				((List<Object>) map(map(readNetworks().get("ldn")).get("ipam")).get("config")).get(0));

		assertThat(security.enabled()).isTrue();
		assertThat(security.demoClient().enabled()).isTrue();
		assertThat(security.demoClient().fhirServers()).containsExactly(URI.create("http://hapi-fhir:8080/fhir"));
		assertThat(security.allowHttpFhirServer()).isTrue();
		assertThat(security.demoClient().tokenNetworks()).containsExactly(network.get("gateway") + "/32");
		// Only the host's own loopback reaches the service, and so its tokens.
		assertThat((List<Object>) service("ldn-cds").get("ports")).containsExactly("127.0.0.1:8080:8080");
		assertThat((List<Object>) service("ldn-cds").get("networks")).containsExactly("ldn");
		assertThat((List<Object>) service("hapi-fhir").get("networks")).containsExactly("ldn");
	}

	@Test
	void everyVariableSetsAPropertyOfTheService() {
		for (String name : environment.keySet()) {
			assertThat(AppProperties.propertyOf(name)).as("property set by %s", name).isNotNull();
		}
	}

	private static SecurityProperties bindSecurity() {
		StandardEnvironment spring = new StandardEnvironment();
		spring.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		spring.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
		return new Binder(ConfigurationPropertySources.get(spring)).bindOrCreate("ldn.security",
				SecurityProperties.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> readNetworks() {
		try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
			Map<String, Object> compose = new Yaml().load(reader);
			return (Map<String, Object>) compose.get("networks");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Compose's {@code ${NAME:-default}}, as on a host where NAME is not set. */
	private static String interpolate(String value) {
		Matcher matcher = VARIABLE.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			assertThat(matcher.group(3)).as("a default for ${%s}, so that the file works as written", matcher.group(1))
				.isNotBlank();
			matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group(3)));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> service(String name) {
		return (Map<String, Object>) services.get(name);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
