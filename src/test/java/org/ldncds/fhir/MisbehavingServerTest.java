package org.ldncds.fhir;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The service as the fetch reliability tests run it, one application context for all of
 * them: the default 1.5 s budget; a read timeout longer than the budget, so that only the
 * deadline can end a trickle; a 64 KB answer limit; 16 fetches per FHIR server out of 32;
 * a circuit breaker that opens after 4 calls.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.fhir.connect-timeout=500ms", "ldn.fhir.read-timeout=5s", "ldn.fhir.total-budget=1500ms",
				"ldn.fhir.threads=32", "ldn.fhir.per-server-fetches=16", "ldn.fhir.max-answer-size=64KB",
				"ldn.fhir.max-redirects=3", "ldn.fhir.breaker-minimum-calls=4", "ldn.fhir.breaker-open-duration=60s" })
@interface MisbehavingServerTest {

	/** The budget set above. */
	long BUDGET_MILLIS = 1500;

}
