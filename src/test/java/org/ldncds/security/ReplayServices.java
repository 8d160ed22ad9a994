package org.ldncds.security;

import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import org.ldncds.LdnCdsApplication;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the service, as an instance behind a load balancer is started, for the replay
 * cache tests: authentication on, one trusted client, one public base URL (so that a
 * token is valid on every instance), and the Redis settings given.
 */
final class ReplayServices {

	static final String ISSUER = "https://ehr.replay.example.org";

	static final String PUBLIC_BASE_URL = "https://cds.replay.example.org";

	/** The machine's Redis; tests use database 9 only, and delete the keys they make. */
	static final String REDIS_HOST = System.getenv().getOrDefault("LDN_TEST_REDIS_HOST", "127.0.0.1");

	static final String REDIS_PORT = System.getenv().getOrDefault("LDN_TEST_REDIS_PORT", "6379");

	static final String REDIS_DATABASE = "9";

	private ReplayServices() {
	}

	/** The local Redis's database 9. */
	static List<String> localRedis() {
		return redisAt(REDIS_HOST, Integer.parseInt(REDIS_PORT));
	}

	static List<String> redisAt(String host, int port) {
		return List.of("--spring.data.redis.host=" + host, "--spring.data.redis.port=" + port,
				"--spring.data.redis.database=" + REDIS_DATABASE);
	}

	static ConfigurableApplicationContext start(JwksServer jwks, List<String> extra) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--ldn.security.enabled=true",
				"--ldn.security.demo-client.enabled=false", "--" + Audiences.PROPERTY + "=" + PUBLIC_BASE_URL,
				"--ldn.security.clients[0].issuer=" + ISSUER, "--ldn.security.clients[0].jwks-url=" + jwks.url()));
		arguments.addAll(extra);
		// Arguments, not default properties: those lose to application.yaml.
		return new SpringApplicationBuilder(LdnCdsApplication.class).run(arguments.toArray(String[]::new));
	}

	static CdsClient http(ConfigurableApplicationContext context) {
		return new CdsClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/** A valid token for the order-select service of any instance. */
	static Jwt token(ECKey key) {
		return Jwt.signedBy(key, ISSUER, PUBLIC_BASE_URL + CdsClient.SERVICE);
	}

}
