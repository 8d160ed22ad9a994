package org.ldncds.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;

/**
 * A response that says {@code Connection: close} when it is sent before the request body
 * was read to its end. The connection is then closed rather than drained
 * ({@link ConnectionValve}); a client told so beforehand does not send its next request
 * on a connection about to close. The header is added just before the response is
 * committed, by a flush or a write, since Spring MVC commits its own error answers.
 */
final class ClosingResponse extends HttpServletResponseWrapper {

	private final TimedRequestBody request;

	private ServletOutputStream out;

	private PrintWriter writer;

	ClosingResponse(HttpServletResponse response, TimedRequestBody request) {
		super(response);
		this.request = request;
	}

	private void beforeCommit() {
		if (!isCommitted() && !request.bodyFinished()) {
			setHeader(HttpHeaders.CONNECTION, "close");
		}
	}

	@Override
	public void flushBuffer() throws IOException {
		beforeCommit();
		super.flushBuffer();
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (out == null) {
			out = new ClosingOutputStream(super.getOutputStream());
		}
		return out;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (writer == null) {
			writer = new ClosingWriter(super.getWriter());
		}
		return writer;
	}

	private final class ClosingOutputStream extends ServletOutputStream {

		private final ServletOutputStream body;

		ClosingOutputStream(ServletOutputStream body) {
			this.body = body;
		}

		@Override
		public void write(int b) throws IOException {
			beforeCommit();
			body.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			beforeCommit();
			body.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			beforeCommit();
			body.flush();
		}

		@Override
		public void close() throws IOException {
			beforeCommit();
			body.close();
		}

		@Override
		public boolean isReady() {
			return body.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			body.setWriteListener(listener);
		}

	}

	private final class ClosingWriter extends PrintWriter {

		ClosingWriter(PrintWriter body) {
			super(body);
		}

		@Override
		public void write(int c) {
			beforeCommit();
			super.write(c);
		}

		@Override
		public void write(char[] chars, int offset, int length) {
			beforeCommit();
			super.write(chars, offset, length);
		}

		@Override
		public void write(String text, int offset, int length) {
			beforeCommit();
			super.write(text, offset, length);
		}

		@Override
		public void flush() {
			beforeCommit();
			super.flush();
		}

		@Override
		public void close() {
			beforeCommit();
			super.close();
		}

	}

}
