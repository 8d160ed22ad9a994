package org.ldncds.security;

import java.net.http.HttpRequest.BodyPublishers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.LdnCdsApplication;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.DISCOVERY;
import static org.ldncds.testing.CdsClient.FEEDBACK;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * Authentication switched off, as a deployment behind another gateway might: the service
 * says so loudly, in the log at startup and on every CDS Hooks answer, and the demo
 * client is not trusted. The application is started here, not by the test framework, so
 * that its startup log is captured whatever other tests ran before.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationDisabledIT {

	@Test
	void warnsAtStartupAndMarksEveryAnswer(CapturedOutput output) {
		// Arguments, not default properties: those lose to application.yaml.
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LdnCdsApplication.class)
			.run("--server.port=0", "--ldn.security.enabled=false")) {
			assertThat(output.getOut()).containsPattern(
					"WARN .* CLIENT AUTHENTICATION IS OFF \\(ldn.security.enabled=false\\).*X-LDN-CDS-Authentication: disabled");
			CdsClient http = new CdsClient(((WebServerApplicationContext) app).getWebServer().getPort());

			CdsClient.Answer discovery = http.get(DISCOVERY, null);
			assertThat(discovery.status()).isEqualTo(200);
			assertThat(discovery.header("X-LDN-CDS-Authentication")).hasValue("disabled");

			CdsClient.Answer call = http.callService(null);
			call.assertCriticalOpioidCard();
			assertThat(call.header("X-LDN-CDS-Authentication")).hasValue("disabled");

			CdsClient.Answer refused = http.post(SERVICE, "{", null);
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.header("X-LDN-CDS-Authentication")).hasValue("disabled");

			CdsClient.Answer feedback = http.post(FEEDBACK, "{}", null);
			assertThat(feedback.status()).isEqualTo(400);
			assertThat(feedback.header("X-LDN-CDS-Authentication")).hasValue("disabled");

			// With authentication off nobody is vouched for, so no demo tokens either.
			CdsClient.Answer token = http.send("/demo/token?aud=x", "POST", BodyPublishers.noBody(), null);
			assertThat(token.status()).isEqualTo(404);
			// Every response says so, not only the CDS Hooks endpoints.
			assertThat(token.header("X-LDN-CDS-Authentication")).hasValue("disabled");
			assertThat(http.get("/actuator/health", null).header("X-LDN-CDS-Authentication")).hasValue("disabled");
		}
	}

}
