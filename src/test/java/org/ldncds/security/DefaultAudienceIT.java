package org.ldncds.security;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.testing.CdsClient.SERVICE;

/**
 * The audience a token must name is configuration, never request data. With no public
 * base URL configured (the embedded and demo set-up), tokens must name this service on a
 * loopback name and its own port; a token another CDS service received, replayed here
 * with that service's {@code Host} or {@code X-Forwarded-*} headers, is refused, even
 * with Tomcat honouring proxy headers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.security.enabled=true", "server.forward-headers-strategy=native" })
@ExtendWith(OutputCaptureExtension.class)
class DefaultAudienceIT {

	static final String EHR = "https://ehr.example.org";

	static final String EVIL_SERVICE = "http://evil.example" + SERVICE;

	static final RSAKey EHR_KEY = TestKeys.rsa();

	static final JwksServer EHR_JWKS = JwksServer.serving(EHR_KEY);

	@DynamicPropertySource
	static void trustedClient(DynamicPropertyRegistry registry) {
		registry.add("ldn.security.clients[0].issuer", () -> EHR);
		registry.add("ldn.security.clients[0].jwks-url", () -> EHR_JWKS.url());
		registry.add("ldn.security.clients[0].algorithms", () -> "RS384");
	}

	@AfterAll
	static void stopJwksServer() {
		EHR_JWKS.close();
	}

	@LocalServerPort
	int port;

	private CdsClient http;

	@BeforeEach
	void connect() {
		http = new CdsClient(port);
	}

	@AfterEach
	void noTokenReachedTheLog(CapturedOutput output) {
		http.assertNoTokenIn(output.getAll());
	}

	private Jwt tokenFor(String audience) {
		return Jwt.signedBy(EHR_KEY, EHR, audience);
	}

	@Test
	void refusesATokenMintedForAnotherServiceReplayedWithItsHostHeader() {
		http.rawPost(SERVICE, CdsClient.exampleCall(), tokenFor(EVIL_SERVICE).sign(), "evil.example")
			.assertUnauthorized();
	}

	@Test
	void refusesATokenMintedForAnotherServiceReplayedWithForwardedHeaders() {
		String host = "localhost:" + port;
		http.rawPost(SERVICE, CdsClient.exampleCall(), tokenFor(EVIL_SERVICE).sign(), host, "X-Forwarded-Host",
				"evil.example", "X-Forwarded-Proto", "http", "X-Forwarded-Port", "80", "X-Forwarded-For", "10.0.0.1")
			.assertUnauthorized();
		http.rawPost(SERVICE, CdsClient.exampleCall(), tokenFor(EVIL_SERVICE).sign(), host, "Forwarded",
				"for=10.0.0.1;host=evil.example;proto=http")
			.assertUnauthorized();
	}

	@Test
	void acceptsThisServiceOnEveryLoopbackNameWhateverTheHostHeader() {
		for (String base : new String[] { "http://localhost:", "http://127.0.0.1:", "http://[::1]:" }) {
			http.rawPost(SERVICE, CdsClient.exampleCall(), tokenFor(base + port + SERVICE).sign(), "evil.example")
				.assertCriticalOpioidCard();
		}
	}

	@Test
	void refusesTheLoopbackUrlOfAnotherPortOrScheme() {
		http.callService(tokenFor("http://localhost:" + (port + 1) + SERVICE).sign()).assertUnauthorized();
		http.callService(tokenFor("https://localhost:" + port + SERVICE).sign()).assertUnauthorized();
	}

	@Test
	void saysAtStartupWhichAudienceTokensMustName(CapturedOutput output) {
		assertThat(output.getAll()).contains("http://localhost:" + port + "/cds-services/{service}")
			.contains("ldn.security.public-base-url is not set");
	}

}
