package org.ldncds.fhir;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The one R4 {@link FhirContext} of the process (it is expensive to build and thread
 * safe), the pool prefetch fetches run on, and the fetching machinery: one HTTP client
 * and one guard per FHIR server origin for the whole process.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FhirFetchProperties.class)
public class FhirConfiguration {

	@Bean
	public FhirContext fhirContext() {
		return newFhirContext();
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService prefetchExecutor(FhirFetchProperties properties) {
		return newPrefetchExecutor(properties);
	}

	@Bean
	PrefetchResolver prefetchResolver(FhirContext fhirContext, FhirFetchProperties properties, MeterRegistry meters,
			ExecutorService prefetchExecutor) {
		return newPrefetchResolver(fhirContext, properties, meters, prefetchExecutor);
	}

	/**
	 * The R4 context as the service configures it. The test harness that runs the
	 * knowledge without Spring builds it here too.
	 */
	public static FhirContext newFhirContext() {
		FhirContext context = FhirContext.forR4();
		// Lenient parsing keeps odd EHR payloads usable; not logging keeps their values
		// (patient data) out of the log.
		context.setParserErrorHandler(new LenientErrorHandler(false));
		return context;
	}

	/**
	 * The pool prefetch fetches run on. Its threads start with the first fetch.
	 */
	public static ExecutorService newPrefetchExecutor(FhirFetchProperties properties) {
		return new ThreadPoolExecutor(properties.threads(), properties.threads(), 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.threads() * 8), new CustomizableThreadFactory("prefetch-"),
				new ThreadPoolExecutor.AbortPolicy());
	}

	/**
	 * The prefetch resolver with its fetching machinery: one HTTP client and one guard
	 * per FHIR server origin. The test harness builds it here too.
	 */
	public static PrefetchResolver newPrefetchResolver(FhirContext fhirContext, FhirFetchProperties properties,
			MeterRegistry meters, ExecutorService executor) {
		FhirFetcher fetcher = new FhirFetcher(fhirContext, new FhirHttp(properties),
				new FhirServerGuards(properties, meters), properties);
		return new PrefetchResolver(fetcher, executor, properties);
	}

}
