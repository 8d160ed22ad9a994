package org.ldncds.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 standing between the service and its database, so that a
 * test can take the database away and give it back without stopping it. While cut, every
 * open connection is closed and new ones are closed as soon as they arrive, as when a
 * database server goes down.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

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
	}

	/** Forwards new connections again. */
	public void restore() {
		cut = false;
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
				// The server socket was closed, or the target refused: go on until
				// closed.
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// Closed from the other side or by cut().
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			sockets.remove(from);
			sockets.remove(to);
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
