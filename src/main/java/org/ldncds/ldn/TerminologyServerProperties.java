package org.ldncds.ldn;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An optional FHIR terminology server asked {@code ValueSet/$validate-code} for condition
 * codes the knowledge base does not hold. Off unless {@code url} is set.
 *
 * @param url the server's FHIR base URL; it must hold the project's value sets (load
 * {@code fhir-profiles/} into it)
 * @param timeout how long one condition code may wait for all its answers
 * @param cacheSize how many answers are kept
 * @param cacheTtl how long an answer is kept
 */
@ConfigurationProperties("ldn.terminology-server")
public record TerminologyServerProperties(URI url, @DefaultValue("800ms") Duration timeout,
		@DefaultValue("10000") long cacheSize, @DefaultValue("24h") Duration cacheTtl) {

	public TerminologyServerProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("ldn.terminology-server.timeout must be positive");
		}
		if (cacheSize < 0) {
			throw new IllegalArgumentException("ldn.terminology-server.cache-size must not be negative");
		}
	}

}
