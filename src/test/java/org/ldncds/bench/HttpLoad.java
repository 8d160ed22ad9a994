package org.ldncds.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop HTTP/1.1 load generator, in the manner of wrk: a fixed number of
 * keep-alive connections to the service on 127.0.0.1, each sending its next call as soon
 * as the answer to the last one has been read in full. Plain sockets and no HTTP library,
 * so that the client's own cost, on the machine it shares with the service, stays small.
 * A connection the service closes (Tomcat does after 100 calls) is opened again for the
 * next call, inside that call's time.
 */
final class HttpLoad {

	private static final byte[] EXPECTED = "\"indicator\":\"critical\"".getBytes(StandardCharsets.US_ASCII);

	private final int port;

	private final String path;

	HttpLoad(int port, String path) {
		this.port = port;
		this.path = path;
	}

	/**
	 * The outcome of one run.
	 *
	 * @param latencies of the calls answered, failed ones included
	 * @param elapsedNanos from the start of the run to its last answer
	 * @param failures calls not answered 200 with the critical card
	 * @param firstFailure what the first failure was, or null
	 * @param tokensRanOut whether the run ended early for want of tokens
	 */
	record Run(Latencies latencies, long elapsedNanos, int failures, String firstFailure, boolean tokensRanOut) {

		double callsPerSecond() {
			return latencies.count() / (elapsedNanos / 1e9);
		}

	}

	/**
	 * One call on a new connection; its latency includes connecting.
	 * @param token the bearer token, or null
	 */
	long timeOneCall(byte[] body, String token) throws IOException {
		try (Connection connection = new Connection()) {
			long start = System.nanoTime();
			String problem = connection.call(head(body.length, token), body);
			long latency = System.nanoTime() - start;
			if (problem != null) {
				throw new IOException("the call failed: " + problem);
			}
			return latency;
		}
	}

	/**
	 * Calls over {@code connections} connections for {@code duration}, or until the
	 * tokens run out.
	 * @param tokens one bearer token per call, or null to send none
	 */
	Run closedLoop(int connections, Duration duration, byte[] body, Queue<String> tokens) throws InterruptedException {
		byte[] plainHead = head(body.length, null);
		CountDownLatch ready = new CountDownLatch(connections);
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger failures = new AtomicInteger();
		AtomicReference<String> firstFailure = new AtomicReference<>();
		AtomicBoolean ranOut = new AtomicBoolean();
		long[] startAndDeadline = new long[2];
		List<long[]> perConnection = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			long[][] latencies = { new long[1024] };
			int[] count = { 0 };
			perConnection.add(null);
			int slot = c;
			Thread thread = new Thread(() -> {
				try (Connection connection = new Connection()) {
					connection.openQuietly();
					ready.countDown();
					go.await();
					long deadline = startAndDeadline[1];
					while (System.nanoTime() < deadline) {
						byte[] head = plainHead;
						if (tokens != null) {
							String token = tokens.poll();
							if (token == null) {
								ranOut.set(true);
								break;
							}
							head = head(body.length, token);
						}
						long sent = System.nanoTime();
						String problem;
						try {
							problem = connection.call(head, body);
						}
						catch (IOException ex) {
							problem = ex.toString();
							connection.close();
						}
						long latency = System.nanoTime() - sent;
						if (problem != null) {
							failures.incrementAndGet();
							firstFailure.compareAndSet(null, problem);
						}
						if (count[0] == latencies[0].length) {
							latencies[0] = Arrays.copyOf(latencies[0], count[0] * 2);
						}
						latencies[0][count[0]++] = latency;
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				synchronized (perConnection) {
					perConnection.set(slot, Arrays.copyOf(latencies[0], count[0]));
				}
			}, "load-" + c);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		startAndDeadline[0] = System.nanoTime();
		startAndDeadline[1] = startAndDeadline[0] + duration.toNanos();
		go.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long elapsed = System.nanoTime() - startAndDeadline[0];
		long[] all;
		synchronized (perConnection) {
			all = perConnection.stream().flatMapToLong(Arrays::stream).toArray();
		}
		return new Run(Latencies.ofNanos(all), elapsed, failures.get(), firstFailure.get(), ranOut.get());
	}

	private byte[] head(int contentLength, String token) {
		StringBuilder head = new StringBuilder(256).append("POST ")
			.append(path)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
			.append(port)
			.append("\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ")
			.append(contentLength)
			.append("\r\n");
		if (token != null) {
			head.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** One keep-alive connection, opened when needed. */
	private final class Connection implements AutoCloseable {

		private Socket socket;

		private InputStream in;

		private OutputStream out;

		void openQuietly() {
			try {
				open();
			}
			catch (IOException ex) {
				// The first call opens it again and counts the failure.
				close();
			}
		}

		private void open() throws IOException {
			socket = new Socket();
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(60_000);
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
			in = new BufferedInputStream(socket.getInputStream(), 65_536);
			out = new BufferedOutputStream(socket.getOutputStream(), 65_536);
		}

		/** Sends one call and reads its answer; what was wrong with it, or null. */
		String call(byte[] head, byte[] body) throws IOException {
			if (socket == null) {
				open();
			}
			out.write(head);
			out.write(body);
			out.flush();
			String statusLine = line();
			if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
				throw new IOException("not an HTTP answer: " + statusLine);
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			boolean close = statusLine.startsWith("HTTP/1.0");
			long contentLength = -1;
			boolean chunked = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				int colon = header.indexOf(':');
				if (colon < 0) {
					continue;
				}
				String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
				switch (name) {
					case "content-length" -> contentLength = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.contains("chunked");
					case "connection" -> close = close || value.contains("close");
					default -> {
					}
				}
			}
			byte[] answer;
			if (chunked) {
				answer = chunkedBody();
			}
			else if (contentLength >= 0) {
				answer = in.readNBytes((int) contentLength);
				if (answer.length < contentLength) {
					throw new EOFException("the answer ended early");
				}
			}
			else {
				answer = in.readAllBytes();
				close = true;
			}
			if (close) {
				close();
			}
			if (status != 200) {
				return "status " + status;
			}
			return contains(answer, EXPECTED) ? null : "200 without the critical card";
		}

		private byte[] chunkedBody() throws IOException {
			ByteArrayOutputStream answer = new ByteArrayOutputStream(8192);
			while (true) {
				String sizeLine = line();
				int semicolon = sizeLine.indexOf(';');
				int size = Integer.parseInt((semicolon < 0) ? sizeLine.trim() : sizeLine.substring(0, semicolon).trim(),
						16);
				if (size == 0) {
					// Trailers, up to the empty line.
					while (!line().isEmpty()) {
						// Skipped.
					}
					return answer.toByteArray();
				}
				byte[] chunk = in.readNBytes(size);
				if (chunk.length < size) {
					throw new EOFException("the answer ended inside a chunk");
				}
				answer.write(chunk);
				line();
			}
		}

		/** One header line, without its CRLF. */
		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			for (int b = in.read(); b != '\n'; b = in.read()) {
				if (b < 0) {
					throw new EOFException("the connection closed");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

		@Override
		public void close() {
			if (socket != null) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// Closing anyway.
				}
			}
			socket = null;
		}

	}

	static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
