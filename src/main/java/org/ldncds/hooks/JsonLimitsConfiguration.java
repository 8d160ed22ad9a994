package org.ldncds.hooks;

import com.fasterxml.jackson.core.StreamReadConstraints;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Caps JSON nesting and string length in the one ObjectMapper, so that a hostile body is
 * refused while it is read, before it costs memory or stack.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HooksProperties.class)
class JsonLimitsConfiguration {

	@Bean
	Jackson2ObjectMapperBuilderCustomizer jsonLimits(HooksProperties limits) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(limits.maxJsonDepth())
			.maxStringLength(limits.maxStringLength())
			.maxNumberLength(100)
			.build();
		return (builder) -> builder
			.postConfigurer((mapper) -> mapper.getFactory().setStreamReadConstraints(constraints));
	}

}
