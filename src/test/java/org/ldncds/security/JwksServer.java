package org.ldncds.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A CDS client's JWK Set endpoint for tests: serves the public halves of the keys it is
 * given at {@code http://127.0.0.1:<random port>/.well-known/jwks.json} (loopback only),
 * and counts the requests it receives, so that a test can prove keys were fetched, or
 * that nothing was.
 */
final class JwksServer implements AutoCloseable {

	static final String PATH = "/.well-known/jwks.json";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "jwks-server");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger requests = new AtomicInteger();

	private final String path;

	private final Function<JWKSet, String> format;

	private final URI redirectTo;

	private volatile JWKSet published;

	private JwksServer(List<? extends JWK> keys) {
		this(PATH, (set) -> set.toString(true), null, keys);
	}

	private JwksServer(String path, Function<JWKSet, String> format, URI redirectTo, List<? extends JWK> keys) {
		this.path = path;
		this.format = format;
		this.redirectTo = redirectTo;
		publish(keys);
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.setExecutor(executor);
		server.createContext("/", this::answer);
		server.start();
	}

	/** Starts a server publishing the public halves of these keys. */
	static JwksServer serving(JWK... keys) {
		return new JwksServer(List.of(keys));
	}

	/**
	 * Serves the keys as the Da Vinci CRD request generator does at {@code /public_keys}:
	 * a JSON array of {@code {"id": <kid>, "pem": <JWK>}}, rendered by the function.
	 */
	static JwksServer daVinciPublicKeys(Function<List<JWK>, String> render, JWK... keys) {
		return new JwksServer("/public_keys", (set) -> render.apply(set.getKeys()), null, List.of(keys));
	}

	/** Answers every request with a redirect to the URL. */
	static JwksServer redirectingTo(URI target) {
		return new JwksServer(PATH, (set) -> "", target, List.of());
	}

	/** Adds a key to those published, as a client that makes a new key per page load. */
	synchronized void add(JWK key) {
		List<JWK> keys = new java.util.ArrayList<>(published.getKeys());
		keys.add(key.toPublicJWK());
		published = new JWKSet(keys);
	}

	/**
	 * From now on publishes these keys instead, as a client does when it rotates its
	 * keys.
	 */
	void publish(List<? extends JWK> keys) {
		published = new JWKSet(keys.stream().map(JWK::toPublicJWK).toList());
	}

	/**
	 * The key set's URL, by default
	 * {@code http://127.0.0.1:<port>/.well-known/jwks.json}.
	 */
	URI url() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
	}

	/** How many requests the server has received, whatever their path. */
	int requestCount() {
		return requests.get();
	}

	private void answer(HttpExchange exchange) throws IOException {
		requests.incrementAndGet();
		if (redirectTo != null) {
			exchange.getResponseHeaders().set("Location", redirectTo.toString());
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
			return;
		}
		byte[] body = format.apply(published).getBytes(StandardCharsets.UTF_8);
		boolean found = path.equals(exchange.getRequestURI().getPath());
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			if (found) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}

}
