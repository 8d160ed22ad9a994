package org.ldncds.security;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a {@code Content-Type} or {@code Accept} header that is not a media type before
 * anything else reads it. Spring's parser throws more than the exception it documents for
 * some of them ({@code "/!} ends in a StringIndexOutOfBoundsException), which would
 * otherwise surface as a 500 from whichever filter or handler parses it first.
 */
class MediaTypeHeadersFilter extends OncePerRequestFilter {

	private static final String UNSUPPORTED_MEDIA_TYPE = """
			{"error":"unsupported_media_type","detail":"the Content-Type header is not a media type"}""";

	private static final String NOT_ACCEPTABLE = """
			{"error":"not_acceptable","detail":"the Accept header is not a list of media types"}""";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!parses(request, HttpHeaders.CONTENT_TYPE)) {
			refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE);
			return;
		}
		if (!parses(request, HttpHeaders.ACCEPT)) {
			refuse(response, HttpServletResponse.SC_NOT_ACCEPTABLE, NOT_ACCEPTABLE);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean parses(HttpServletRequest request, String header) {
		for (String value : Collections.list(request.getHeaders(header))) {
			try {
				MediaType.parseMediaTypes(value);
			}
			catch (RuntimeException ex) {
				// InvalidMediaTypeException and the undocumented ones alike.
				return false;
			}
		}
		return true;
	}

	private static void refuse(HttpServletResponse response, int status, String body) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write(body);
	}

}
