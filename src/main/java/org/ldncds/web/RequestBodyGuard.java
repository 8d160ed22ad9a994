package org.ldncds.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.ldncds.hooks.HooksProperties;

/**
 * Decides on a request body from its headers, before a byte of it is read and before the
 * caller is authenticated: a declared length over {@code ldn.hooks.max-body-size} is
 * refused with 413 and a body on GET or HEAD with 400, so that with
 * {@code Expect: 100-continue} the client is told before it sends the body. Any other
 * body may be read only in time ({@link TimedRequestBody}). A refused body is never read:
 * the connection is closed instead ({@link ConnectionValve}), and the answer says so
 * ({@link ClosingResponse}).
 */
class RequestBodyGuard extends OncePerRequestFilter {

	/** After CORS, the security headers and the call trace; before authentication. */
	static final int ORDER = 6;

	private static final Logger log = LoggerFactory.getLogger(RequestBodyGuard.class);

	private static final String NO_BODY_TAKEN = """
			{"error":"invalid_request","detail":"a GET or HEAD request takes no body"}""";

	private final HooksProperties hooks;

	RequestBodyGuard(HooksProperties hooks) {
		this.hooks = hooks;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !declaresBody(request);
	}

	/** Whether the request says a body follows its headers. */
	static boolean declaresBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long maxBytes = hooks.maxBodySize().toBytes();
		if (request.getContentLengthLong() > maxBytes) {
			log.info("Refused a request body of {} bytes before reading it", request.getContentLengthLong());
			refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "{\"error\":\"payload_too_large\","
					+ "\"detail\":\"the request body is larger than the limit of " + maxBytes + " bytes\"}");
			return;
		}
		if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
			// The actuator would read it, health checks included, before any check.
			refuse(response, HttpServletResponse.SC_BAD_REQUEST, NO_BODY_TAKEN);
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletResponse response, int status, String json) throws IOException {
		response.setStatus(status);
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json);
	}

}
