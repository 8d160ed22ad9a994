package org.ldncds.hooks;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request the service cannot answer with cards, with the status and the words that tell
 * the caller what to fix.
 */
public class CdsHooksException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	private final List<String> missingPrefetch;

	public CdsHooksException(HttpStatus status, String error, String detail) {
		this(status, error, detail, List.of());
	}

	public CdsHooksException(HttpStatus status, String error, String detail, List<String> missingPrefetch) {
		super(detail);
		this.status = status;
		this.error = error;
		this.missingPrefetch = List.copyOf(missingPrefetch);
	}

	public static CdsHooksException badRequest(String detail) {
		return new CdsHooksException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
	}

	public HttpStatus status() {
		return status;
	}

	public String error() {
		return error;
	}

	/** The prefetch keys that could not be obtained, for 412 answers. */
	public List<String> missingPrefetch() {
		return missingPrefetch;
	}

}
