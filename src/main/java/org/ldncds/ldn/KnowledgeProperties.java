package org.ldncds.ldn;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the FHIR knowledge resources are read from.
 *
 * @param profilesLocation a folder of FHIR JSON resources; the packaged copy of
 * {@code fhir-profiles/} unless set, e.g. to {@code file:/opt/ldn/fhir-profiles/}
 * @param scenariosLocation the knowledge scenarios new knowledge must pass before it
 * answers calls: a folder of scenario files, or of zip archives of them; the packaged
 * copy of the project's scenarios unless set
 * @param reloadCheck how often knowledge folders on disk ({@code file:}) are checked for
 * changes, which are then loaded without a restart; 0 never checks
 */
@ConfigurationProperties("ldn.knowledge")
public record KnowledgeProperties(@DefaultValue("classpath:fhir-profiles/") String profilesLocation,
		@DefaultValue("classpath:scenarios/") String scenariosLocation, @DefaultValue("10s") Duration reloadCheck) {
}
