package org.ldncds.hooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a caller may send.
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxJsonDepth the deepest nesting of JSON objects and arrays accepted
 * @param maxStringLength the longest JSON string accepted, in characters
 * @param maxBundleEntries the most entries a draftOrders or prefetch Bundle may hold
 */
@ConfigurationProperties("ldn.hooks")
public record HooksProperties(@DefaultValue("5MB") DataSize maxBodySize, @DefaultValue("64") int maxJsonDepth,
		@DefaultValue("1000000") int maxStringLength, @DefaultValue("5000") int maxBundleEntries) {
}
