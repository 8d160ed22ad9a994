package org.ldncds.security;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access over real HTTP with client authentication on and administrator credentials
 * configured: the analytics need the credentials, even from this machine; the CDS
 * services need a client token whatever the spelling of their path; the pages and the
 * APIs get their own Content-Security-Policy.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ldn.security.enabled=true",
		"ldn.admin.username=informatics", "ldn.admin.password=correct horse battery" })
class AccessControlIT {

	@LocalServerPort
	int port;

	@Test
	void analyticsApiAndPageNeedTheAdministratorsCredentials() throws Exception {
		for (String path : new String[] { "/analytics/rules", "/analytics", "/analytics.html" }) {
			Answer anonymous = get(path, null);
			assertThat(anonymous.status()).as(path).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path)
				.hasValue("Basic realm=\"ldn-cds analytics\", charset=\"UTF-8\"");
			assertThat(anonymous.body()).as(path).contains("unauthorized").doesNotContain("rules\":");
			assertThat(get(path, basic("informatics", "wrong")).status()).as(path).isEqualTo(401);
		}
		Answer api = get("/analytics/rules", basic("informatics", "correct horse battery"));
		assertThat(api.status()).isEqualTo(200);
		assertThat(api.body()).contains("\"from\"", "\"to\"");
		Answer page = get("/analytics", basic("informatics", "correct horse battery"));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/html"));
		assertThat(page.body()).contains("<h1 class=\"page-title\">Rule analytics</h1>");
	}

	@Test
	void anEncodedOrParameterisedPathDoesNotSlipPastTheChecks() throws Exception {
		// Sent as written: java.net.http would not re-encode,
		// but a raw socket says it plainly.
		assertThat(rawStatus("GET /%61nalytics/rules HTTP/1.1")).isEqualTo(401);
		assertThat(rawStatus("GET /analytics;x=1/rules HTTP/1.1")).isEqualTo(401);
		assertThat(rawStatus("POST /%63ds-services/ldn-order-select HTTP/1.1")).isEqualTo(401);
		assertThat(rawStatus("POST /cds-services;x=1/ldn-order-select HTTP/1.1")).isEqualTo(401);
	}

	@Test
	void pagesMayRunTheirOwnScriptsAndApisNothing() throws Exception {
		String page = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				+ "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
		for (String path : new String[] { "/", "/index.html", "/assets/sandbox.js" }) {
			assertThat(get(path, null).headers().firstValue("Content-Security-Policy")).as(path).hasValue(page);
		}
		assertThat(get("/analytics", basic("informatics", "correct horse battery")).headers()
			.firstValue("Content-Security-Policy")).hasValue(page);
		for (String path : new String[] { "/cds-services", "/analytics/rules" }) {
			Answer api = get(path, basic("informatics", "correct horse battery"));
			assertThat(api.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValue("default-src 'none'; frame-ancestors 'none'");
			assertThat(api.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
		}
	}

	@Test
	void theSandboxAndItsLibrariesAreServedFromTheService() throws Exception {
		for (String path : new String[] { "/", "/assets/sandbox.js", "/assets/cards.js", "/assets/app.css",
				"/examples/index.json", "/examples/opioid-user.json", "/webjars/marked/lib/marked.esm.js",
				"/webjars/dompurify/dist/purify.es.mjs", "/webjars/chart.js/dist/chart.umd.min.js",
				"/webjars/marked/LICENSE.md", "/webjars/dompurify/LICENSE", "/webjars/chart.js/LICENSE.md" }) {
			Answer response = get(path, null);
			assertThat(response.status()).as(path).isEqualTo(200);
			if (path.endsWith("js")) {
				// Module scripts are run only when served as JavaScript (nosniff).
				assertThat(response.headers().firstValue("Content-Type")).as(path)
					.hasValueSatisfying((type) -> assertThat(type).contains("javascript"));
			}
		}
	}

	private Answer get(String path, String authorization) {
		CdsClient client = new CdsClient(port);
		return (authorization == null) ? client.get(path) : client.get(path, null, "Authorization", authorization);
	}

	private int rawStatus(String requestLine) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			// A body only where one is taken: a GET with a
			// body is refused (400) before any other check.
			String body = requestLine.startsWith("POST") ? "Content-Type: application/json\r\nContent-Length: 2" : "";
			String request = requestLine + "\r\nHost: localhost:" + port + "\r\n" + body
					+ (body.isEmpty() ? "" : "\r\n") + "Connection: close\r\n\r\n" + (body.isEmpty() ? "" : "{}");
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
			return Integer.parseInt(statusLine.substring(9, 12));
		}
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
