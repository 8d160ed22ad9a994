package org.ldncds.hooks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading a request body within the budget, as the controllers do: a declared length is
 * reserved before a byte is read, a chunked body grows its reservation as it is read, and
 * whatever happens the reservation is given back.
 */
class RequestBodyTest {

	private static final long MAX_BYTES = 64 * 1024;

	private final BodyBudget budget = new BodyBudget(100 * 1024, Duration.ofMillis(100), new SimpleMeterRegistry());

	@Test
	void aDeclaredLengthIsReservedBeforeTheBodyIsRead() {
		byte[] sent = body(50_000);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cds-services/x");
		request.setContent(sent);

		try (BodyBudget.Reservation held = RequestBody.reserve(request, MAX_BYTES, budget)) {
			assertThat(budget.bytesInFlight()).isEqualTo(50_000);
			assertThat(RequestBody.read(request, MAX_BYTES, held)).isEqualTo(sent);
			assertThat(budget.bytesInFlight()).isEqualTo(50_000);
		}
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aChunkedBodyReservesTheBytesItHasRead() {
		byte[] sent = body(30_000);
		HttpServletRequest request = chunked(new ByteArrayInputStream(sent));

		try (BodyBudget.Reservation held = RequestBody.reserve(request, MAX_BYTES, budget)) {
			assertThat(held.bytes()).isZero();
			assertThat(RequestBody.read(request, MAX_BYTES, held)).isEqualTo(sent);
			assertThat(held.bytes()).isEqualTo(30_000);
			assertThat(budget.bytesInFlight()).isEqualTo(30_000);
		}
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aChunkedBodyThatOutgrowsTheBudgetIsRefusedWith503AndGivesItsBytesBack() {
		BodyBudget.Reservation other = budget.reserve(60_000);
		HttpServletRequest request = chunked(new ByteArrayInputStream(body(50_000)));

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> {
			try (BodyBudget.Reservation held = RequestBody.reserve(request, MAX_BYTES, budget)) {
				RequestBody.read(request, MAX_BYTES, held);
			}
		}).satisfies((refusal) -> assertThat(refusal.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));

		assertThat(budget.bytesInFlight()).isEqualTo(60_000);
		other.close();
		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aDeclaredLengthThatDoesNotFitIsRefusedBeforeTheBodyIsRead() {
		BodyBudget.Reservation other = budget.reserve(60_000);
		CountingStream body = new CountingStream(new ByteArrayInputStream(body(50_000)));
		HttpServletRequest request = new HttpServletRequestWrapper(new MockHttpServletRequest()) {

			@Override
			public long getContentLengthLong() {
				return 50_000;
			}

			@Override
			public ServletInputStream getInputStream() {
				return body;
			}

		};

		assertThatExceptionOfType(CdsHooksException.class)
			.isThrownBy(() -> RequestBody.reserve(request, MAX_BYTES, budget))
			.satisfies((refusal) -> assertThat(refusal.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));

		assertThat(body.read).isZero();
		assertThat(budget.bytesInFlight()).isEqualTo(60_000);
		other.close();
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWith413AndGivesItsBytesBack() {
		HttpServletRequest request = chunked(new ByteArrayInputStream(body((int) MAX_BYTES + 1)));

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> {
			try (BodyBudget.Reservation held = RequestBody.reserve(request, MAX_BYTES, budget)) {
				RequestBody.read(request, MAX_BYTES, held);
			}
		}).satisfies((refusal) -> assertThat(refusal.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));

		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aClientThatDisconnectsMidBodyGets400AndTheBytesAreGivenBack() {
		InputStream halfThenGone = new InputStream() {

			private int sent;

			@Override
			public int read() throws IOException {
				if (sent++ < 20_000) {
					return 'x';
				}
				throw new IOException("connection reset by peer");
			}

		};
		HttpServletRequest request = chunked(halfThenGone);

		assertThatExceptionOfType(CdsHooksException.class).isThrownBy(() -> {
			try (BodyBudget.Reservation held = RequestBody.reserve(request, MAX_BYTES, budget)) {
				RequestBody.read(request, MAX_BYTES, held);
			}
		}).satisfies((refusal) -> assertThat(refusal.status()).isEqualTo(HttpStatus.BAD_REQUEST));

		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aFailureWhileAnsweringGivesTheBytesBack() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cds-services/x");
		request.setContent(body(10_000));

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> {
			try (BodyBudget.Reservation held = RequestBody.reserve(request, MAX_BYTES, budget)) {
				RequestBody.read(request, MAX_BYTES, held);
				throw new IllegalStateException("the rules failed");
			}
		});

		assertThat(budget.bytesInFlight()).isZero();
	}

	@Test
	void aBodyShorterThanDeclaredIsReturnedAsItCame() {
		byte[] sent = body(1000);
		HttpServletRequest request = new HttpServletRequestWrapper(new MockHttpServletRequest()) {

			@Override
			public long getContentLengthLong() {
				return 5000;
			}

			@Override
			public ServletInputStream getInputStream() {
				return new CountingStream(new ByteArrayInputStream(sent));
			}

		};

		try (BodyBudget.Reservation held = RequestBody.reserve(request, MAX_BYTES, budget)) {
			assertThat(RequestBody.read(request, MAX_BYTES, held)).isEqualTo(sent);
		}
	}

	private static byte[] body(int length) {
		byte[] body = new byte[length];
		Arrays.fill(body, (byte) ' ');
		body[0] = '{';
		body[length - 1] = '}';
		return body;
	}

	/** A request without a declared length, whose body is this stream. */
	private static HttpServletRequest chunked(InputStream body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cds-services/x");
		request.addHeader("Transfer-Encoding", "chunked");
		return new HttpServletRequestWrapper(request) {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}

			@Override
			public ServletInputStream getInputStream() {
				return new CountingStream(body);
			}

		};
	}

	/** A servlet body that counts the bytes read from it. */
	private static final class CountingStream extends ServletInputStream {

		private final InputStream body;

		private long read;

		private boolean finished;

		CountingStream(InputStream body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			int b = body.read();
			if (b < 0) {
				finished = true;
			}
			else {
				read++;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			// A few KB at a time, as a socket gives them.
			int n = body.read(buffer, offset, Math.min(length, 4096));
			if (n < 0) {
				finished = true;
			}
			else {
				read += n;
			}
			return n;
		}

		@Override
		public boolean isFinished() {
			return finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("blocking reads only");
		}

	}

}
