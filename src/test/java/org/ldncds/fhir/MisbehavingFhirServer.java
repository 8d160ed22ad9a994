package org.ldncds.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on the loopback interface that plays a FHIR server behaving badly:
 * it redirects, trickles its answer a byte at a time, answers what it is told to, or
 * proxies to a real FHIR server after a redirect of its own. It records every request it
 * receives, and whether it carried the EHR's token (never the token itself).
 */
final class MisbehavingFhirServer implements AutoCloseable {

	/** How the server answers a request. */
	@FunctionalInterface
	interface Behaviour {

		void answer(HttpExchange exchange, MisbehavingFhirServer server) throws IOException;

	}

	/**
	 * A request as received.
	 *
	 * @param path the path and query, raw
	 * @param carriedToken whether it carried {@code Authorization: Bearer} with the EHR's
	 * token
	 * @param carriedAuthorization whether it carried any Authorization header
	 */
	record Received(String path, boolean carriedToken, boolean carriedAuthorization) {
	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger answering = new AtomicInteger();

	private final AtomicInteger abandoned = new AtomicInteger();

	private volatile Behaviour behaviour;

	private volatile boolean closed;

	private MisbehavingFhirServer(Behaviour behaviour) {
		this.behaviour = behaviour;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.setExecutor(threads);
		server.createContext("/", this::handle);
		server.start();
	}

	static MisbehavingFhirServer behaving(Behaviour behaviour) {
		return new MisbehavingFhirServer(behaviour);
	}

	/** The FHIR base URL, {@code http://127.0.0.1:<port>/fhir}. */
	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir");
	}

	List<Received> requests() {
		return List.copyOf(received);
	}

	/** How many answers are being written right now (a trickle not yet abandoned). */
	int answering() {
		return answering.get();
	}

	/** How many answers the client stopped reading before their end. */
	int abandoned() {
		return abandoned.get();
	}

	void behave(Behaviour behaviour) {
		this.behaviour = behaviour;
	}

	@Override
	public void close() {
		closed = true;
		server.stop(0);
		threads.shutdownNow();
		try {
			threads.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		received.add(new Received(exchange.getRequestURI().toString(),
				("Bearer " + InProcessFhirServer.ACCESS_TOKEN).equals(authorization), authorization != null));
		answering.incrementAndGet();
		try (exchange) {
			behaviour.answer(exchange, this);
		}
		catch (IOException ex) {
			// The client closed the connection: it stopped reading.
			abandoned.incrementAndGet();
		}
		finally {
			answering.decrementAndGet();
		}
	}

	// --- Behaviours -------------------------------------------------------------

	/** 302 to the same path and query on another base URL. */
	static Behaviour redirectTo(URI otherBase) {
		return (exchange, server) -> {
			String rest = exchange.getRequestURI().toString().replaceFirst("^/fhir", "");
			exchange.getResponseHeaders().add("Location", otherBase + rest);
			exchange.sendResponseHeaders(302, -1);
		};
	}

	/** 302 to the very same URL, for ever. */
	static Behaviour redirectToItself() {
		return (exchange, server) -> {
			exchange.getResponseHeaders().add("Location", exchange.getRequestURI().toString());
			exchange.sendResponseHeaders(302, -1);
		};
	}

	/**
	 * 307 from {@code /fhir/...} to {@code /moved/fhir/...} on the same origin (a
	 * relative Location), where the request is passed on to the real FHIR server with the
	 * Authorization header it came with.
	 */
	static Behaviour redirectWithinOriginThenProxyTo(InProcessFhirServer fhir) {
		HttpClient client = HttpClient.newHttpClient();
		return (exchange, server) -> {
			String path = exchange.getRequestURI().toString();
			if (path.startsWith("/fhir/")) {
				exchange.getResponseHeaders().add("Location", "/moved" + path);
				exchange.sendResponseHeaders(307, -1);
				return;
			}
			String rest = path.replaceFirst("^/moved/fhir", "");
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhir.baseUrl() + rest))
				.header("Accept", "application/fhir+json");
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			try {
				HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
				exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
				exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
				exchange.getResponseBody().write(answer.body());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		};
	}

	/**
	 * 200, then the start of a Bundle one byte every interval, for as long as the client
	 * reads (or the server closes): it never ends on its own.
	 */
	static Behaviour trickle(Duration interval) {
		return (exchange, server) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			byte[] start = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[".getBytes();
			for (int i = 0; !server.closed; i++) {
				out.write((i < start.length) ? start[i] : ' ');
				out.flush();
				sleep(interval);
			}
		};
	}

	/** Accepts the request and answers nothing until the server closes. */
	static Behaviour silence() {
		return (exchange, server) -> {
			while (!server.closed) {
				sleep(Duration.ofMillis(50));
			}
		};
	}

	/** Always this status, content type and body. */
	static Behaviour answer(int status, String contentType, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return (exchange, server) -> {
			drain(exchange.getRequestBody());
			exchange.getResponseHeaders().add("Content-Type", contentType);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		};
	}

	/** 200 with a body of this many bytes, sent chunked (no Content-Length). */
	static Behaviour chunkedAnswerOf(int size) {
		return (exchange, server) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			byte[] chunk = new byte[8192];
			java.util.Arrays.fill(chunk, (byte) ' ');
			out.write('{');
			for (int written = 1; written < size && !server.closed; written += chunk.length) {
				out.write(chunk);
			}
		};
	}

	/** A searchset page whose next link leads to itself again: a search without end. */
	static Behaviour endlessPages() {
		return (exchange, server) -> {
			String self = "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + exchange.getRequestURI();
			byte[] page = ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\","
					+ "\"url\":\"" + self + "\"}],\"entry\":[]}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
		};
	}

	private static void drain(InputStream in) throws IOException {
		in.readAllBytes();
	}

	private static void sleep(Duration duration) throws IOException {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("server closing", ex);
		}
	}

}
