package org.ldncds.security;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Where token ids are remembered: in Redis when Spring Boot's {@code spring.data.redis.*}
 * names one (several instances then refuse each other's replayed tokens), else in this
 * instance's memory. Spring Boot's Redis client connects only when first used, so without
 * these properties nothing ever connects.
 */
@Configuration(proxyBeanMethods = false)
class ReplayCacheConfiguration {

	/** Any of these set and not blank means Redis is configured. */
	static final List<String> REDIS_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes");

	private static final Logger log = LoggerFactory.getLogger(ReplayCacheConfiguration.class);

	@Bean
	ReplayCache replayCache(Environment environment, ObjectProvider<StringRedisTemplate> redis,
			ObjectProvider<RedisProperties> redisProperties, ObjectProvider<RedisConnectionFactory> connections,
			Clock clock) {
		StringRedisTemplate template = redis.getIfAvailable();
		if (redisConfigured(environment) && template != null) {
			log.info("The jti replay cache is shared through Redis ({}): a token used on any instance is refused "
					+ "on all of them", describe(redisProperties.getIfAvailable()));
			RedisConnectionFactory factory = connections.getIfAvailable();
			Runnable reset = (factory instanceof LettuceConnectionFactory lettuce) ? lettuce::resetConnection : () -> {
			};
			RedisReplayCache cache = new RedisReplayCache(template, clock, reset);
			cache.connect();
			return cache;
		}
		log.info("The jti replay cache is in this instance's memory: a token replayed on another instance is not "
				+ "detected. Running more than one instance? Set spring.data.redis.host "
				+ "(SPRING_DATA_REDIS_HOST) or spring.data.redis.url to share it through Redis.");
		return new InMemoryReplayCache(clock);
	}

	static boolean redisConfigured(Environment environment) {
		Binder binder = Binder.get(environment);
		return REDIS_PROPERTIES.stream()
			.anyMatch((name) -> binder.bind(name, String.class).map((value) -> !value.isBlank()).orElse(false));
	}

	/** Where, without the password a URL may carry. */
	private static String describe(RedisProperties properties) {
		if (properties == null) {
			return "spring.data.redis.*";
		}
		if (properties.getUrl() != null && !properties.getUrl().isBlank()) {
			return "spring.data.redis.url";
		}
		if (properties.getSentinel() != null) {
			return "sentinel master " + properties.getSentinel().getMaster();
		}
		if (properties.getCluster() != null) {
			return "cluster " + properties.getCluster().getNodes();
		}
		return properties.getHost() + ":" + properties.getPort() + ", database " + properties.getDatabase();
	}

}
