package org.ldncds.security;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.ldncds.testing.CdsClient;

/**
 * One HTTP/1.1 connection on a plain socket, written byte by byte as a test needs: a body
 * in slow chunks, an {@code Expect: 100-continue} whose body is never sent, a request
 * from a chosen local address. Nothing is re-encoded or added behind the test's back.
 */
public final class RawConnection implements Closeable {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = socket.getInputStream();
	}

	/** A connection to the service on this machine's loopback interface. */
	public static RawConnection open(int port) throws IOException {
		return open(InetAddress.getLoopbackAddress(), port);
	}

	/** A connection from this local address to the service listening on it. */
	public static RawConnection open(InetAddress address, int port) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(address, 0));
		socket.connect(new InetSocketAddress(address, port), 5_000);
		socket.setSoTimeout(10_000);
		return new RawConnection(socket);
	}

	/** Writes text as it is, and flushes. */
	public RawConnection send(String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.flush();
		return this;
	}

	/** Writes one chunk of a chunked body. */
	public RawConnection sendChunk(String data) throws IOException {
		byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
		return send(Integer.toHexString(bytes.length) + "\r\n" + data + "\r\n");
	}

	/**
	 * Reads one response (a 1xx included), waiting at most this long for each part of it.
	 */
	public Response read(Duration timeout) throws IOException {
		socket.setSoTimeout((int) timeout.toMillis());
		String statusLine = line();
		if (statusLine == null) {
			throw new IOException("the connection closed before a response");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(); header != null && !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
					header.substring(colon + 1).strip());
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		String body = "";
		if (status >= 200 && headers.containsKey("content-length")) {
			body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
		}
		else if (status >= 200 && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = chunkedBody();
		}
		else if (status >= 200) {
			// Neither length nor chunks: the body ends where the server closes.
			body = untilClosed();
		}
		return new Response(status, headers, body);
	}

	/**
	 * Whether the server closed the connection (an end of stream or a reset) within this
	 * time; false when it is still open.
	 */
	public boolean closedWithin(Duration timeout) throws IOException {
		socket.setSoTimeout((int) timeout.toMillis());
		try {
			return in.read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException reset) {
			return true;
		}
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	private String untilClosed() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try {
			in.transferTo(body);
		}
		catch (SocketException reset) {
			// Closed with a reset: what came before it is the body.
		}
		return body.toString(StandardCharsets.UTF_8);
	}

	private String chunkedBody() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = chunkSize(); size > 0; size = chunkSize()) {
			body.write(in.readNBytes(size));
			line();
		}
		line();
		return body.toString(StandardCharsets.UTF_8);
	}

	private int chunkSize() throws IOException {
		String line = line();
		try {
			return Integer.parseInt(line.split(";")[0].strip(), 16);
		}
		catch (RuntimeException ex) {
			throw new IOException("not a chunk size: " + line, ex);
		}
	}

	/** A line without its CRLF; null at the end of the stream. */
	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				return (line.size() == 0) ? null : line.toString(StandardCharsets.UTF_8);
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	/** A response as it came. */
	public record Response(int status, Map<String, String> headers, String body) {

		public Optional<String> header(String name) {
			return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
		}

		public JsonNode json() {
			return CdsClient.parse(body);
		}

	}

}
