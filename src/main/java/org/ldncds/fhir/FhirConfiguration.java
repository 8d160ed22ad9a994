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
		FhirContext context = FhirContext.forR4();
		// Lenient parsing keeps odd EHR payloads usable; not logging keeps their values
		// (patient data) out of the log.
		context.setParserErrorHandler(new LenientErrorHandler(false));
		return context;
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService prefetchExecutor(FhirFetchProperties properties) {
		return new ThreadPoolExecutor(properties.threads(), properties.threads(), 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.threads() * 8), new CustomizableThreadFactory("prefetch-"),
				new ThreadPoolExecutor.AbortPolicy());
	}

	@Bean
	FhirFetcher fhirFetcher(FhirContext fhirContext, FhirFetchProperties properties, MeterRegistry meters) {
		return new FhirFetcher(fhirContext, new FhirHttp(properties), new FhirServerGuards(properties, meters),
				properties);
	}

}
