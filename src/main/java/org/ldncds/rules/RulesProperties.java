package org.ldncds.rules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the DRL rules are read from.
 *
 * @param location a folder of {@code .drl} files; the packaged copy of {@code rules/}
 * unless set, e.g. to {@code file:/opt/ldn/rules/}
 */
@ConfigurationProperties("ldn.rules")
public record RulesProperties(@DefaultValue("classpath:rules/") String location) {
}
