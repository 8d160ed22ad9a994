package org.ldncds.fhir;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The one R4 {@link FhirContext} of the process (it is expensive to build and thread
 * safe), and the pool prefetch fetches run on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FhirFetchProperties.class)
public class FhirConfiguration {

	@Bean
	public FhirContext fhirContext(FhirFetchProperties properties) {
		FhirContext context = FhirContext.forR4();
		// Lenient parsing keeps odd EHR payloads usable; not logging keeps their values
		// (patient data) out of the log.
		context.setParserErrorHandler(new LenientErrorHandler(false));
		IRestfulClientFactory clients = context.getRestfulClientFactory();
		clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
		clients.setConnectTimeout((int) properties.connectTimeout().toMillis());
		clients.setConnectionRequestTimeout((int) properties.connectTimeout().toMillis());
		clients.setSocketTimeout((int) properties.readTimeout().toMillis());
		clients.setPoolMaxTotal(properties.threads() * 2);
		clients.setPoolMaxPerRoute(properties.threads());
		return context;
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService prefetchExecutor(FhirFetchProperties properties) {
		return new ThreadPoolExecutor(properties.threads(), properties.threads(), 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.threads() * 8), new CustomizableThreadFactory("prefetch-"),
				new ThreadPoolExecutor.AbortPolicy());
	}

}
