package org.ldncds.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test database as the service's standard Spring datasource properties name it.
 *
 * @param url the JDBC URL
 * @param username the user, or {@code null} when the URL names it
 * @param password the password, or {@code null} when the URL holds it
 */
public record Database(String url, String username, String password) {

	private static final Pattern NETWORK_URL = Pattern
		.compile("(jdbc:(postgresql|h2:tcp)://)([^/:?]+)(?::(\\d+))?(/.*)");

	/** The datasource properties that point the service at this database. */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", url);
		// Empty, not absent: application.yaml's user "sa" must not reach PostgreSQL.
		properties.put("spring.datasource.username", username == null ? "" : username);
		properties.put("spring.datasource.password", password == null ? "" : password);
		return properties;
	}

	/** Registers the datasource properties with a Spring test context. */
	public void register(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * Sets the datasource properties in a context about to be refreshed, above all
	 * others.
	 */
	public void applyTo(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test-database", new LinkedHashMap<>(properties())));
	}

	/** The datasource properties as command-line arguments of the service. */
	public List<String> arguments() {
		List<String> arguments = new ArrayList<>();
		properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments;
	}

	/** Whether this is a PostgreSQL database. */
	public boolean isPostgres() {
		return url.startsWith("jdbc:postgresql:");
	}

	/** The host and port the database listens on; only for databases over TCP. */
	public String host() {
		return networkUrl().group(3);
	}

	public int port() {
		Matcher url = networkUrl();
		if (url.group(4) != null) {
			return Integer.parseInt(url.group(4));
		}
		return url.group(2).equals("postgresql") ? 5432 : 9092;
	}

	/** The same database reached through another address, such as a proxy's. */
	public Database at(String host, int port) {
		Matcher url = networkUrl();
		return new Database(url.group(1) + host + ":" + port + url.group(5), username, password);
	}

	private Matcher networkUrl() {
		Matcher matcher = NETWORK_URL.matcher(url);
		if (!matcher.matches()) {
			throw new IllegalStateException("Not a JDBC URL with host and port: " + url);
		}
		return matcher;
	}

}
