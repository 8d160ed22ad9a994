package org.ldncds.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.ldncds.hooks.RequestBodyTimeout;

/**
 * A request whose body must arrive in time: every read checks the deadline and the
 * minimum rate of {@link RequestBodyProperties} and fails with {@link RequestBodyTimeout}
 * when the body is late. A read waits for data at most the idle timeout (Tomcat's upload
 * timeout), so a worker reading a body is held for at most the read timeout plus the idle
 * timeout.
 */
final class TimedRequestBody extends HttpServletRequestWrapper {

	private final RequestBodyProperties limits;

	private final long startNanos;

	private ServletInputStream timed;

	private BufferedReader reader;

	TimedRequestBody(HttpServletRequest request, RequestBodyProperties limits) {
		super(request);
		this.limits = limits;
		this.startNanos = System.nanoTime();
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (timed == null) {
			timed = new TimedInputStream(super.getInputStream());
		}
		return timed;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (reader == null) {
			String encoding = getCharacterEncoding();
			reader = new BufferedReader(new InputStreamReader(getInputStream(),
					(encoding != null) ? encoding : StandardCharsets.ISO_8859_1.name()));
		}
		return reader;
	}

	/** Whether the whole body has been read (by the application or its refusal). */
	boolean bodyFinished() {
		try {
			return getInputStream().isFinished();
		}
		catch (IOException | IllegalStateException ex) {
			return false;
		}
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private final class TimedInputStream extends ServletInputStream {

		private final ServletInputStream body;

		private long received;

		TimedInputStream(ServletInputStream body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int read = read(one, 0, 1);
			return (read < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			checkInTime();
			int read;
			try {
				read = body.read(buffer, offset, length);
			}
			catch (IOException ex) {
				if (isSocketTimeout(ex)) {
					throw new RequestBodyTimeout("no part of the request body arrived for "
							+ limits.idleTimeout().toMillis() + " ms (ldn.hooks.body.idle-timeout)");
				}
				throw ex;
			}
			if (read > 0) {
				received += read;
				if (!body.isFinished()) {
					checkInTime();
				}
			}
			return read;
		}

		private void checkInTime() throws RequestBodyTimeout {
			Duration elapsed = elapsed();
			if (elapsed.compareTo(limits.readTimeout()) > 0) {
				throw new RequestBodyTimeout("the request body did not arrive within " + limits.readTimeout().toMillis()
						+ " ms (ldn.hooks.body.read-timeout)");
			}
			if (received < limits.minimumBytesAfter(elapsed)) {
				throw new RequestBodyTimeout("the request body arrived slower than " + limits.minRate().toBytes()
						+ " bytes per second (ldn.hooks.body.min-rate)");
			}
		}

		@Override
		public boolean isFinished() {
			return body.isFinished();
		}

		@Override
		public boolean isReady() {
			return body.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			body.setReadListener(listener);
		}

		@Override
		public int available() throws IOException {
			return body.available();
		}

	}

	private static boolean isSocketTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
