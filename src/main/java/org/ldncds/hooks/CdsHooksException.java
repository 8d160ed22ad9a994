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

	private final String logReason;

	public CdsHooksException(HttpStatus status, String error, String detail) {
		this(status, error, detail, List.of());
	}

	public CdsHooksException(HttpStatus status, String error, String detail, List<String> missingPrefetch) {
		this(status, error, detail, missingPrefetch, detail);
	}

	private CdsHooksException(HttpStatus status, String error, String detail, List<String> missingPrefetch,
			String logReason) {
		super(detail);
		this.status = status;
		this.error = error;
		this.missingPrefetch = List.copyOf(missingPrefetch);
		this.logReason = logReason;
	}

	public static CdsHooksException badRequest(String detail) {
		return new CdsHooksException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
	}

	/**
	 * A 400 whose detail quotes the request (a value, a reference): the log gets the
	 * reason without the quote, as the log must never hold patient data.
	 */
	public static CdsHooksException badRequest(String detail, String logReason) {
		return new CdsHooksException(HttpStatus.BAD_REQUEST, "invalid_request", detail, List.of(), logReason);
	}

	public HttpStatus status() {
		return status;
	}

	public String error() {
		return error;
	}

	/**
	 * Why the call was refused, in words fit for the log: nothing quoted from the
	 * request.
	 */
	public String logReason() {
		return logReason;
	}

	/** The prefetch keys that could not be obtained, for 412 answers. */
	public List<String> missingPrefetch() {
		return missingPrefetch;
	}

}
