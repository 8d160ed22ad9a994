package org.ldncds.hooks;

import java.time.Duration;

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
 * @param bodyBytesInFlight the request-body bytes all calls together may hold at once
 * ({@link BodyBudget}); unset, a sixteenth of the maximum heap. Never less than
 * {@code maxBodySize}
 * @param bodyBudgetWait the longest a call waits, in all, for room in that budget before
 * it is refused with 503
 */
@ConfigurationProperties("ldn.hooks")
public record HooksProperties(@DefaultValue("5MB") DataSize maxBodySize, @DefaultValue("64") int maxJsonDepth,
		@DefaultValue("1000000") int maxStringLength, @DefaultValue("5000") int maxBundleEntries,
		DataSize bodyBytesInFlight, @DefaultValue("2s") Duration bodyBudgetWait) {
}
