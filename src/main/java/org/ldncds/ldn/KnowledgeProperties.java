package org.ldncds.ldn;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the FHIR knowledge resources are read from.
 *
 * @param profilesLocation a folder of FHIR JSON resources; the packaged copy of
 * {@code fhir-profiles/} unless set, e.g. to {@code file:/opt/ldn/fhir-profiles/}
 * @param reloadCheck how often knowledge folders on disk ({@code file:}) are checked for
 * changes, which are then loaded without a restart; 0 never checks
 */
@ConfigurationProperties("ldn.knowledge")
public record KnowledgeProperties(@DefaultValue("classpath:fhir-profiles/") String profilesLocation,
		@DefaultValue("10s") Duration reloadCheck) {
}
