package org.ldncds.fhir;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the service calls back to an EHR's FHIR server for prefetch data the EHR did not
 * send, or did not send whole. CDS Hooks asks for answers in about 500 ms, so the budget
 * is small.
 *
 * @param connectTimeout the time allowed to open a connection
 * @param readTimeout the time allowed without a byte of an answer
 * @param totalBudget the time allowed for all keys of a call together, fetched in
 * parallel: waits, reads and parsing all end there
 * @param maxPages how many pages of a paged search to read, the first one included
 * @param threads how many fetches may run at once across all requests
 * @param maxAnswerSize the largest answer read; a larger one is cut off (412)
 * @param maxRedirects how many redirects on the FHIR server's own origin are followed
 * @param perServerFetches how many fetches to one FHIR server origin may run at once
 * @param breakerFailureRate the percentage of failed fetches that opens an origin's
 * circuit breaker
 * @param breakerMinimumCalls the fetches to an origin before its failure rate counts
 * @param breakerOpenDuration how long an open circuit breaker keeps the origin uncalled
 * @param maxServers how many origins get a guard (and metrics) of their own; more share
 * one
 */
@ConfigurationProperties("ldn.fhir")
public record FhirFetchProperties(@DefaultValue("500ms") Duration connectTimeout,
		@DefaultValue("1000ms") Duration readTimeout, @DefaultValue("1500ms") Duration totalBudget,
		@DefaultValue("5") int maxPages, @DefaultValue("32") int threads, @DefaultValue("10MB") DataSize maxAnswerSize,
		@DefaultValue("3") int maxRedirects, @DefaultValue("8") int perServerFetches,
		@DefaultValue("50") int breakerFailureRate, @DefaultValue("10") int breakerMinimumCalls,
		@DefaultValue("30s") Duration breakerOpenDuration, @DefaultValue("256") int maxServers) {
}
