package org.ldncds.architecture.broken.knowledge;

import org.springframework.stereotype.Component;

/** Breaks the rule: the knowledge base as a Spring bean. */
@Component
public class SpringManagedValueSets {

}
