package org.ldncds.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP forwarder on 127.0.0.1 standing between the service and its database, so that a
 * test can take the database away and give it back without stopping it. While cut, every
 * open connection is closed and new ones are closed as soon as they arrive, as when a
 * database server goes down. While hung, nothing is closed and nothing is forwarded: the
 * bytes of open connections are swallowed and new connections are accepted and never
 * answered, as in a silent network partition. After {@link #heal()} new connections work
 * again, but those caught in the hang stay dead without saying so, as when a firewall or
 * NAT on the way has forgotten them.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	/** The client side of every connection caught in a hang: never forwarded again. */
	private final Set<Socket> blackholed = ConcurrentHashMap.newKeySet();

	/** Counted down at the first connection refused while cut. */
	private final CountDownLatch firstRefusal = new CountDownLatch(1);

	private volatile boolean cut;

	private volatile boolean hung;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
	}

	/** A proxy forwarding to the address given, started. */
	public static TcpProxy to(String host, int port) {
		try {
			TcpProxy proxy = new TcpProxy(host, port);
			daemon("tcp-proxy-accept-" + proxy.port(), proxy::acceptUntilClosed).start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return server.getLocalPort();
	}

	/** Closes every connection and refuses new ones until {@link #restore()}. */
	public void cut() {
		cut = true;
		sockets.forEach(TcpProxy::closeQuietly);
		sockets.clear();
		blackholed.clear();
	}

	/** Forwards new connections again. */
	public void restore() {
		cut = false;
	}

	/**
	 * Waits until a connection has been refused while cut.
	 * @return whether one was, within the timeout
	 */
	public boolean awaitRefusal(Duration timeout) throws InterruptedException {
		return firstRefusal.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops forwarding without closing anything: open connections and new ones hang until
	 * the client gives up.
	 */
	public void hang() {
		hung = true;
		sockets.forEach(blackholed::add);
	}

	/**
	 * Forwards new connections again; the connections caught in the hang stay silent.
	 */
	public void heal() {
		hung = false;
	}

	@Override
	public void close() {
		cut();
		closeQuietly(server);
	}

	private void acceptUntilClosed() {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				if (cut) {
					closeQuietly(client);
					firstRefusal.countDown();
					continue;
				}
				if (hung) {
					sockets.add(client);
					blackholed.add(client);
					daemon("tcp-proxy-swallow", () -> pump(client, null)).start();
					continue;
				}
				Socket upstream = new Socket(targetHost, targetPort);
				sockets.add(client);
				sockets.add(upstream);
				if (cut) {
					// cut() ran while this connection was being made.
					closeQuietly(client);
					closeQuietly(upstream);
					continue;
				}
				daemon("tcp-proxy-up", () -> pump(client, upstream)).start();
				daemon("tcp-proxy-down", () -> pump(upstream, client)).start();
			}
			catch (IOException ex) {
				// The server socket was closed, or the
				// target refused: go on until closed.
			}
		}
	}

	/** Forwards bytes until either side closes; swallows them while either is hung. */
	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream()) {
			OutputStream out = (to != null) ? to.getOutputStream() : null;
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (out == null || blackholed.contains(from) || blackholed.contains(to)) {
					continue;
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// Closed from the other side or by cut().
		}
		finally {
			closeQuietly(from);
			sockets.remove(from);
			blackholed.remove(from);
			if (to != null) {
				closeQuietly(to);
				sockets.remove(to);
				blackholed.remove(to);
			}
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Nothing to do.
		}
	}

}
