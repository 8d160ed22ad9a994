package org.ldncds.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How fast a request body must arrive. A body that does not is refused with 408 and its
 * connection closed, so that a caller trickling bytes holds a worker for a bounded time
 * only.
 *
 * @param readTimeout the whole body must have arrived this long after the request's
 * headers
 * @param idleTimeout the longest wait for the next bytes of a body (Tomcat's
 * {@code connectionUploadTimeout}); also the grace period before the minimum rate applies
 * @param minRate once the grace period is over, at least this many bytes per second must
 * have arrived on average, counted from its end
 */
@ConfigurationProperties("ldn.hooks.body")
public record RequestBodyProperties(@DefaultValue("15s") Duration readTimeout, @DefaultValue("5s") Duration idleTimeout,
		@DefaultValue("1KB") DataSize minRate) {

	public RequestBodyProperties {
		if (readTimeout.isNegative() || readTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
				|| minRate.toBytes() < 0) {
			throw new IllegalStateException("ldn.hooks.body.read-timeout and ldn.hooks.body.idle-timeout must be "
					+ "positive and ldn.hooks.body.min-rate must not be negative");
		}
	}

	/** The bytes that must have arrived this long after the headers. */
	long minimumBytesAfter(Duration elapsed) {
		Duration counted = elapsed.minus(idleTimeout);
		if (counted.isNegative()) {
			return 0;
		}
		return minRate.toBytes() * counted.toMillis() / 1000;
	}

}
