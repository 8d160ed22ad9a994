package org.ldncds.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.db.TcpProxy;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replay cache without Redis (in memory, said at startup, health untouched) and with
 * a Redis that cannot be asked (nothing listening; gone; silent behind a partition,
 * through a proxy to the machine's Redis, database 9): the token is refused at once with
 * 503, never accepted unchecked, health is not DOWN, and tokens are accepted again once
 * Redis is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplayCacheFallbackIT {

	private static final ECKey KEY = TestKeys.ec();

	/** Well above the 500 ms Redis timeouts of application.yaml, far below a hang. */
	private static final Duration FAST = Duration.ofSeconds(3);

	/**
	 * Lettuce reconnects with a backoff of at most 30 s; usually within a second or two.
	 */
	private static final Duration RECOVERY = Duration.ofSeconds(40);

	private static JwksServer jwks;

	private final List<String> keysMade = new ArrayList<>();

	@BeforeAll
	static void startKeys() {
		jwks = JwksServer.serving(KEY);
	}

	@AfterAll
	static void stopKeys() {
		jwks.close();
	}

	@Test
	void withoutRedisPropertiesTheCacheIsInMemoryAndSaysSo(CapturedOutput output) {
		try (ConfigurableApplicationContext service = ReplayServices.start(jwks, List.of())) {
			assertThat(service.getBean(ReplayCache.class)).isInstanceOf(InMemoryReplayCache.class);
			assertThat(output.getAll()).contains("The jti replay cache is in this instance's memory")
				.contains("Set spring.data.redis.host (SPRING_DATA_REDIS_HOST) or spring.data.redis.url");
			CdsClient http = ReplayServices.http(service);
			String token = ReplayServices.token(KEY).sign();
			http.callService(token).assertCriticalOpioidCard();
			http.callService(token).assertUnauthorized();
			assertHealthUp(http);
			http.assertNoTokenIn(output.getAll());
		}
	}

	@Test
	void withoutRedisHostOrUrlNothingConnectsToRedis() throws IOException {
		// A port alone does not configure Redis: were Spring Boot's client to connect
		// anyway (at startup, for health, for a call), it would come here.
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ConfigurableApplicationContext service = ReplayServices.start(jwks,
						List.of("--spring.data.redis.port=" + listener.getLocalPort()))) {
			listener.setSoTimeout(300);
			CdsClient http = ReplayServices.http(service);
			http.callService(ReplayServices.token(KEY).sign()).assertCriticalOpioidCard();
			assertHealthUp(http);
			assertThat(service.getBean(ReplayCache.class)).isInstanceOf(InMemoryReplayCache.class);
			assertThatThrownBy(listener::accept).as("a connection to Redis").isInstanceOf(SocketTimeoutException.class);
		}
	}

	@Test
	void redisNotListeningRefusesTheTokenAtOnce(CapturedOutput output) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext service = ReplayServices.start(jwks,
				ReplayServices.redisAt("127.0.0.1", closedPort))) {
			assertRefusedFastAndHealthNotDown(ReplayServices.http(service), output);
		}
	}

	@Test
	void redisThatStopsAnsweringRefusesTokensWithinTheTimeoutAndRecovers(CapturedOutput output) {
		try (TcpProxy proxy = TcpProxy.to(ReplayServices.REDIS_HOST, Integer.parseInt(ReplayServices.REDIS_PORT));
				ConfigurableApplicationContext service = ReplayServices.start(jwks,
						ReplayServices.redisAt("127.0.0.1", proxy.port()))) {
			CdsClient http = ReplayServices.http(service);
			http.callService(usedToken(service)).assertCriticalOpioidCard();

			// A silent partition: the open connection swallows commands, never answers.
			proxy.hang();
			assertRefusedFastAndHealthNotDown(http, output);

			proxy.heal();
			assertAcceptedAgainSoon(http, service);
		}
	}

	@Test
	void redisGoneAndBackRefusesTokensMeanwhileAndAcceptsThemAfter(CapturedOutput output) {
		try (TcpProxy proxy = TcpProxy.to(ReplayServices.REDIS_HOST, Integer.parseInt(ReplayServices.REDIS_PORT));
				ConfigurableApplicationContext service = ReplayServices.start(jwks,
						ReplayServices.redisAt("127.0.0.1", proxy.port()))) {
			CdsClient http = ReplayServices.http(service);
			http.callService(usedToken(service)).assertCriticalOpioidCard();

			// Redis down: connections closed, new ones refused.
			proxy.cut();
			assertRefusedFastAndHealthNotDown(http, output);

			proxy.restore();
			assertAcceptedAgainSoon(http, service);
		}
	}

	/**
	 * A fresh token, its Redis key deleted after the test (through the service's own
	 * connection, while it works).
	 */
	private String usedToken(ConfigurableApplicationContext service) {
		String jti = UUID.randomUUID().toString();
		keysMade.add(RedisReplayCache.keyOf(ReplayServices.ISSUER, jti));
		return ReplayServices.token(KEY).jwtId(jti).sign();
	}

	private void assertAcceptedAgainSoon(CdsClient http, ConfigurableApplicationContext service) {
		Instant giveUp = Instant.now().plus(RECOVERY);
		CdsClient.Answer answer;
		do {
			answer = http.callService(usedToken(service));
		}
		while (answer.status() == 503 && Instant.now().isBefore(giveUp) && pause());
		answer.assertCriticalOpioidCard();
		service.getBean(StringRedisTemplate.class).delete(keysMade);
		keysMade.clear();
	}

	private static boolean pause() {
		try {
			Thread.sleep(200);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void assertRefusedFastAndHealthNotDown(CdsClient http, CapturedOutput output) {
		for (int call = 0; call < 2; call++) {
			long started = System.nanoTime();
			CdsClient.Answer answer = http.callService(ReplayServices.token(KEY).sign());
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(503);
			assertThat(answer.json().path("error").asText()).isEqualTo("replay_check_unavailable");
			assertThat(answer.header("Retry-After")).hasValue("5");
			assertThat(took).as("time to refuse").isLessThan(FAST);
		}
		assertThat(output.getAll()).contains("Redis unreachable (spring.data.redis.*)")
			.contains("Refused a call whose token id could not be checked");
		assertHealthUp(http);
		http.assertNoTokenIn(output.getAll());
	}

	private static void assertHealthUp(CdsClient http) {
		CdsClient.Answer health = http.get("/actuator/health", null);
		assertThat(health.status()).as("health %s", health.body()).isEqualTo(200);
		JsonNode body = CdsClient.parse(health.body());
		assertThat(body.path("status").asText()).as("health %s", health.body()).isEqualTo("UP");
		assertThat(body.path("components").has("redis")).as("health %s", health.body()).isFalse();
	}

}
