package org.ldncds.ldn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With client authentication on (the default), the HTTP warm-up before readiness cannot
 * sign a token: it must warm the server without calls that the service refuses and logs
 * as refusals, which an operator would read as someone probing the service at every
 * start. A context of its own (the property below), so that its startup is captured.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ldn.test.context=http-warm-up-logging")
@ExtendWith(OutputCaptureExtension.class)
class HttpWarmUpLoggingIT {

	@Test
	void theWarmUpWithAuthenticationOnLogsNoRefusedCalls(CapturedOutput output) {
		assertThat(output.getOut()).contains("HTTP warm-up: ").doesNotContain("Refused an unauthenticated call");
	}

}
