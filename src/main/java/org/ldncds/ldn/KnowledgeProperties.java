package org.ldncds.ldn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the FHIR knowledge resources are read from.
 *
 * @param profilesLocation a folder of FHIR JSON resources; the packaged copy of
 * {@code fhir-profiles/} unless set, e.g. to {@code file:/opt/ldn/fhir-profiles/}
 */
@ConfigurationProperties("ldn.knowledge")
public record KnowledgeProperties(@DefaultValue("classpath:fhir-profiles/") String profilesLocation) {
}
