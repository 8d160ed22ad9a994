package org.ldncds.hooks;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;

/**
 * Reads a request body up to a limit. A body over the limit is refused as soon as that is
 * known (from Content-Length, or while reading a chunked body), without buffering the
 * rest. A body that arrives too slowly is refused with 408 (see
 * {@link RequestBodyProperties}).
 */
public final class RequestBody {

	private RequestBody() {
	}

	public static byte[] read(HttpServletRequest request, long maxBytes) {
		if (request.getContentLengthLong() > maxBytes) {
			throw tooLarge(maxBytes);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
			if (body.length > maxBytes) {
				throw tooLarge(maxBytes);
			}
			return body;
		}
		catch (RequestBodyTimeout ex) {
			throw new CdsHooksException(HttpStatus.REQUEST_TIMEOUT, "request_timeout", ex.getMessage());
		}
		catch (IOException ex) {
			throw CdsHooksException.badRequest("the request body could not be read");
		}
	}

	private static CdsHooksException tooLarge(long maxBytes) {
		return new CdsHooksException(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
				"the request body is larger than the limit of " + maxBytes + " bytes");
	}

}
