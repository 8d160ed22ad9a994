package org.ldncds.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service, as behind a load balancer, sharing the machine's Redis
 * (database 9): a token used on one is refused as a replay on the other, and Redis keeps
 * its id (hashed, never the token) for the token's remaining lifetime plus the clock
 * skew.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedReplayCacheIT {

	private static final ECKey KEY = TestKeys.ec();

	private static JwksServer jwks;

	private static ConfigurableApplicationContext instanceA;

	private static ConfigurableApplicationContext instanceB;

	private static StringRedisTemplate redis;

	private final List<String> keysMade = new ArrayList<>();

	@BeforeAll
	static void startTwoInstances() {
		jwks = JwksServer.serving(KEY);
		instanceA = ReplayServices.start(jwks, ReplayServices.localRedis());
		instanceB = ReplayServices.start(jwks, ReplayServices.localRedis());
		redis = instanceA.getBean(StringRedisTemplate.class);
	}

	@AfterAll
	static void stop() {
		if (instanceA != null) {
			instanceA.close();
		}
		if (instanceB != null) {
			instanceB.close();
		}
		jwks.close();
	}

	@AfterEach
	void deleteKeysMade(CapturedOutput output) {
		redis.delete(keysMade);
		ReplayServices.http(instanceA).assertNoTokenIn(output.getAll());
	}

	@Test
	void bothInstancesSayTheCacheIsSharedThroughRedis(CapturedOutput output) {
		assertThat(instanceA.getBean(ReplayCache.class)).isInstanceOf(RedisReplayCache.class);
		assertThat(instanceB.getBean(ReplayCache.class)).isInstanceOf(RedisReplayCache.class);
		assertThat(output.getAll()).contains("The jti replay cache is shared through Redis ("
				+ ReplayServices.REDIS_HOST + ":" + ReplayServices.REDIS_PORT + ", database 9)");
	}

	@Test
	void aTokenUsedOnOneInstanceIsRefusedOnTheOther(CapturedOutput output) {
		CdsClient a = ReplayServices.http(instanceA);
		CdsClient b = ReplayServices.http(instanceB);
		String jti = UUID.randomUUID().toString();
		keysMade.add(RedisReplayCache.keyOf(ReplayServices.ISSUER, jti));
		String token = ReplayServices.token(KEY).jwtId(jti).sign();

		a.callService(token).assertCriticalOpioidCard();
		b.callService(token).assertUnauthorized();
		a.callService(token).assertUnauthorized();

		assertThat(output.getAll()).contains("Refused an unauthenticated call: token id replayed");
		// A fresh token is still accepted on either: only the id used is remembered.
		String fresh = UUID.randomUUID().toString();
		keysMade.add(RedisReplayCache.keyOf(ReplayServices.ISSUER, fresh));
		b.callService(ReplayServices.token(KEY).jwtId(fresh).sign()).assertCriticalOpioidCard();
	}

	@Test
	void redisKeepsTheHashedIdForTheTokensRemainingLifetimePlusTheClockSkew() {
		String jti = UUID.randomUUID().toString();
		String key = RedisReplayCache.keyOf(ReplayServices.ISSUER, jti);
		keysMade.add(key);
		Instant expires = Instant.now().plus(Duration.ofMinutes(2));

		ReplayServices.http(instanceB)
			.callService(ReplayServices.token(KEY).jwtId(jti).expiresAt(expires).sign())
			.assertCriticalOpioidCard();

		assertThat(key).matches("ldn-cds:jti:[0-9a-f]{64}");
		assertThat(redis.opsForValue().get(key)).as("what Redis holds: no token, no id").isEqualTo("1");
		// exp has whole seconds; clock skew 60 s (application.yaml).
		Long ttl = redis.getExpire(key, TimeUnit.MILLISECONDS);
		assertThat(ttl).isBetween(Duration.ofSeconds(120 + 60 - 5).toMillis(), Duration.ofSeconds(120 + 60).toMillis());
	}

	@Test
	void theSameIdFromAnotherIssuerIsAnotherKey() {
		assertThat(RedisReplayCache.keyOf("https://a.example.org", "x"))
			.isNotEqualTo(RedisReplayCache.keyOf("https://b.example.org", "x"));
	}

}
