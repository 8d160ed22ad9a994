package org.ldncds.fhir;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service calls back to an EHR's FHIR server for prefetch data the EHR did not
 * send. CDS Hooks asks for answers in about 500 ms, so the budget is small.
 *
 * @param connectTimeout the time allowed to open a connection
 * @param readTimeout the time allowed between bytes of an answer
 * @param totalBudget the time allowed for all missing keys together, fetched in parallel
 * @param maxPages how many pages of a paged search to follow
 * @param threads how many fetches may run at once across all requests
 */
@ConfigurationProperties("ldn.fhir")
public record FhirFetchProperties(@DefaultValue("500ms") Duration connectTimeout,
		@DefaultValue("1000ms") Duration readTimeout, @DefaultValue("1500ms") Duration totalBudget,
		@DefaultValue("5") int maxPages, @DefaultValue("32") int threads) {
}
