package org.ldncds.hooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a caller may send.
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("ldn.hooks")
public record HooksProperties(@DefaultValue("5MB") DataSize maxBodySize) {
}
