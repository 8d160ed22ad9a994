package org.ldncds.ldn;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ldncds.calls.WarmUpCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Calls the service over HTTP on its own address, after the pipeline has warmed up
 * ({@link KnowledgeReadiness}) and before the instance says it is ready: the first
 * request through Tomcat, the filters, Spring MVC, the controller and the JSON answer
 * loads and initialises what the in-process warm-up never touches, and would otherwise
 * cost the first clinician's call several times a later one. When client authentication
 * is off: the discovery document and the packaged example to order-select. With it on,
 * the service cannot sign a client's token, and every call to {@code /cds-services}
 * without one is refused and logged as a refusal: the liveness check warms the server,
 * the filters and Spring MVC instead. These calls are marked ({@link WarmUpCalls}):
 * nobody's, they are neither recorded, audited nor logged. A warm-up that fails leaves
 * the first call slower, never the service unready.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class HttpWarmUp implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(HttpWarmUp.class);

	private static final int MAX_CALLS = 30;

	private static final String LIVENESS = "actuator/health/liveness";

	private static final Duration BUDGET = Duration.ofMillis(1500);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ApplicationContext context;

	private final ObjectProvider<ServerProperties> servers;

	private final WarmUpCalls warmUpCalls;

	private final ObjectMapper objectMapper;

	private final boolean authentication;

	HttpWarmUp(ApplicationContext context, ObjectProvider<ServerProperties> servers, WarmUpCalls warmUpCalls,
			ObjectMapper objectMapper, Environment environment) {
		this.authentication = environment.getProperty("ldn.security.enabled", Boolean.class, true);
		this.context = context;
		this.servers = servers;
		this.warmUpCalls = warmUpCalls;
		this.objectMapper = objectMapper;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		ServerProperties server = servers.getIfAvailable();
		if (server == null || !(context instanceof WebServerApplicationContext web) || web.getWebServer() == null
				|| web.getWebServer().getPort() <= 0) {
			// No web server (a context without one, as the benchmark's in-process runs).
			return;
		}
		if (server.getSsl() != null && server.getSsl().isEnabled()) {
			// Its own certificate need not name the address it would call: left cold.
			log.info("HTTP warm-up skipped: the server uses TLS");
			return;
		}
		long started = System.nanoTime();
		String secret = warmUpCalls.begin();
		int calls = 0;
		try {
			URI base = base(server, web.getWebServer().getPort());
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(TIMEOUT)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
			byte[] example = example();
			long deadline = started + BUDGET.toNanos();
			while (calls < MAX_CALLS && System.nanoTime() < deadline) {
				send(client, HttpRequest.newBuilder(base.resolve(authentication ? LIVENESS : "cds-services")).GET(),
						secret);
				calls++;
				if (!authentication) {
					send(client,
							HttpRequest.newBuilder(base.resolve("cds-services/ldn-order-select"))
								.header("Content-Type", "application/json")
								.POST(HttpRequest.BodyPublishers.ofByteArray(example)),
							secret);
					calls++;
				}
			}
			log.info("HTTP warm-up: {} calls to this instance in {} ms", calls,
					(System.nanoTime() - started) / 1_000_000);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("HTTP warm-up stopped after {} calls: {}", calls, ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			warmUpCalls.end();
		}
	}

	private void send(HttpClient client, HttpRequest.Builder request, String secret)
			throws IOException, InterruptedException {
		client.send(request.header(WarmUpCalls.HEADER, secret).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.discarding());
	}

	/**
	 * Where this instance listens: its configured address, or loopback when it listens on
	 * every address.
	 */
	private static URI base(ServerProperties server, int port) {
		InetAddress address = server.getAddress();
		String host = (address == null || address.isAnyLocalAddress()) ? "127.0.0.1" : address.getHostAddress();
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		String contextPath = (server.getServlet().getContextPath() == null) ? "" : server.getServlet().getContextPath();
		return URI.create("http://" + host + ":" + port + contextPath + "/");
	}

	/**
	 * The packaged example call, marked as the warm-up's: the service does not log it.
	 */
	private byte[] example() throws IOException {
		try (InputStream in = HttpWarmUp.class.getResourceAsStream(PipelineWarmUp.EXAMPLE)) {
			if (in == null) {
				throw new IOException("the warm-up example is not on the class path");
			}
			ObjectNode call = (ObjectNode) objectMapper.readTree(in);
			call.put("hookInstance", PipelineWarmUp.HOOK_INSTANCE);
			return objectMapper.writeValueAsBytes(call);
		}
	}

}
