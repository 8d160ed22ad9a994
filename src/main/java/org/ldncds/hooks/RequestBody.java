package org.ldncds.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;

/**
 * Reads a request body up to a limit, within the {@link BodyBudget}. A body over the
 * limit is refused as soon as that is known (from Content-Length, or while reading a
 * chunked body), without buffering the rest. A body that arrives too slowly is refused
 * with 408 (see {@code RequestBodyProperties}).
 * <p>
 * The caller first {@link #reserve reserves} the body's bytes, holds the reservation
 * until the call is answered, and then closes it:
 *
 * <pre>
 * try (BodyBudget.Reservation held = RequestBody.reserve(request, maxBytes, budget)) {
 * 	byte[] body = RequestBody.read(request, maxBytes, held);
 * 	...
 * }
 * </pre>
 */
public final class RequestBody {

	/** The first buffer of a body of unknown length (chunked). */
	private static final int FIRST_CHUNK = 8192;

	private RequestBody() {
	}

	/**
	 * Refuses a declared length over the limit (413), then reserves the declared length
	 * (nothing for a chunked body: its reservation grows as it is read).
	 * @throws CdsHooksException 413, or 503 when the budget had no room in time
	 */
	public static BodyBudget.Reservation reserve(HttpServletRequest request, long maxBytes, BodyBudget budget) {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			throw tooLarge(maxBytes);
		}
		return budget.reserve(Math.max(0, declared));
	}

	/**
	 * Reads the whole body, growing the reservation to the bytes read; a body that does
	 * not fit the budget in time is refused with 503. The reservation is released by the
	 * caller, also when this fails.
	 */
	public static byte[] read(HttpServletRequest request, long maxBytes, BodyBudget.Reservation held) {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			throw tooLarge(maxBytes);
		}
		try (InputStream in = request.getInputStream()) {
			return (declared >= 0) ? readDeclared(in, (int) declared) : readChunked(in, maxBytes, held);
		}
		catch (RequestBodyTimeout ex) {
			throw new CdsHooksException(HttpStatus.REQUEST_TIMEOUT, "request_timeout", ex.getMessage());
		}
		catch (IOException ex) {
			throw CdsHooksException.badRequest("the request body could not be read");
		}
	}

	/**
	 * Into one array of the declared length, already reserved; the server gives no more
	 * than declared, and a body that ends early is returned as it came.
	 */
	private static byte[] readDeclared(InputStream in, int declared) throws IOException {
		byte[] body = new byte[declared];
		int length = 0;
		while (length < declared) {
			int read = in.read(body, length, declared - length);
			if (read < 0) {
				return Arrays.copyOf(body, length);
			}
			length += read;
		}
		return body;
	}

	/**
	 * Into a buffer that doubles as needed, reserving every byte as it arrives so that a
	 * body without a declared length cannot escape the budget.
	 */
	private static byte[] readChunked(InputStream in, long maxBytes, BodyBudget.Reservation held) throws IOException {
		// One byte over the limit tells a body that is too large.
		int capacityLimit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
		byte[] body = new byte[Math.min(FIRST_CHUNK, capacityLimit)];
		int length = 0;
		while (true) {
			if (length == body.length) {
				if (length == capacityLimit) {
					throw tooLarge(maxBytes);
				}
				body = Arrays.copyOf(body, (int) Math.min(capacityLimit, 2L * body.length));
			}
			int read = in.read(body, length, body.length - length);
			if (read < 0) {
				return Arrays.copyOf(body, length);
			}
			length += read;
			if (length > maxBytes) {
				throw tooLarge(maxBytes);
			}
			held.growTo(length);
		}
	}

	private static CdsHooksException tooLarge(long maxBytes) {
		return new CdsHooksException(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
				"the request body is larger than the limit of " + maxBytes + " bytes");
	}

}
