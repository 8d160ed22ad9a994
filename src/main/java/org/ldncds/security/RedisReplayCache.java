package org.ldncds.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The replay cache shared by every instance through Redis: one atomic
 * {@code SET key 1 NX PX <ttl>} per token, kept until the token expires (clock skew
 * included). The key is a SHA-256 of the issuer and the token id, never the token, so
 * Redis holds nothing a caller could replay or read.
 */
final class RedisReplayCache implements ReplayCache {

	static final String KEY_PREFIX = "ldn-cds:jti:";

	private static final Logger log = LoggerFactory.getLogger(RedisReplayCache.class);

	private static final byte[] SEEN = "1".getBytes(StandardCharsets.US_ASCII);

	private final StringRedisTemplate redis;

	private final Clock clock;

	private final Runnable resetConnection;

	/**
	 * @param resetConnection drops the shared connection after a command timed out: one
	 * caught in a silent partition never recovers by itself, a new one does once Redis
	 * answers again
	 */
	RedisReplayCache(StringRedisTemplate redis, Clock clock, Runnable resetConnection) {
		this.redis = redis;
		this.clock = clock;
		this.resetConnection = resetConnection;
	}

	/**
	 * Opens the connection now, at startup, so that the first call does not pay for it (a
	 * connection set up under load can outlast the command timeout, and that call would
	 * be refused with 503). Redis down at startup is not fatal: calls are refused until
	 * it answers, as during any outage.
	 */
	void connect() {
		try {
			redis.execute((RedisCallback<String>) (connection) -> connection.ping());
		}
		catch (DataAccessException ex) {
			log.warn("Redis unreachable at startup (spring.data.redis.*): calls are refused with 503 until it "
					+ "answers: {}", ex.getMessage());
		}
	}

	@Override
	public boolean firstUse(String issuer, String jti, Instant expiresAt) throws ReplayCheckUnavailable {
		byte[] key = keyOf(issuer, jti).getBytes(StandardCharsets.US_ASCII);
		// At least a millisecond: PX 0 is an error, and a token that expires now is
		// refused by the claims check anyway.
		long ttlMillis = Math.max(1, Duration.between(clock.instant(), expiresAt).toMillis());
		Boolean stored;
		try {
			stored = redis.execute((RedisCallback<Boolean>) (connection) -> connection.stringCommands()
				.set(key, SEEN, Expiration.milliseconds(ttlMillis), SetOption.ifAbsent()));
		}
		catch (DataAccessException ex) {
			if (ex instanceof QueryTimeoutException) {
				resetConnection.run();
			}
			log.warn("Redis unreachable (spring.data.redis.*): the jti replay cache cannot be checked, "
					+ "so the token is refused with 503: {}", ex.getMessage());
			throw new ReplayCheckUnavailable("replay cache unreachable: " + ex.getClass().getSimpleName());
		}
		if (stored == null) {
			// Only in a pipeline or transaction, which this template never opens: fail
			// closed all the same.
			throw new ReplayCheckUnavailable("replay cache gave no answer");
		}
		return stored;
	}

	/** {@code ldn-cds:jti:} and the hex SHA-256 of the issuer, a newline and the id. */
	static String keyOf(String issuer, String jti) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[] hash = sha256.digest((issuer + "\n" + jti).getBytes(StandardCharsets.UTF_8));
			return KEY_PREFIX + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
