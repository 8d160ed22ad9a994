package org.ldncds.hooks;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link BodyBudget} shared by the service and feedback calls.
 */
@Configuration(proxyBeanMethods = false)
class BodyBudgetConfiguration {

	private static final Logger log = LoggerFactory.getLogger(BodyBudgetConfiguration.class);

	@Bean
	BodyBudget bodyBudget(HooksProperties properties, MeterRegistry meters) {
		BodyBudget budget = BodyBudget.of(properties, meters);
		log.info(
				"Request bodies held at once by CDS Hooks calls: at most {} bytes ({}); a call waits up to {} ms "
						+ "for room",
				budget.limit(),
				(properties.bodyBytesInFlight() != null) ? BodyBudget.PROPERTY
						: "a sixteenth of the maximum heap, at least ldn.hooks.max-body-size",
				properties.bodyBudgetWait().toMillis());
		return budget;
	}

}
