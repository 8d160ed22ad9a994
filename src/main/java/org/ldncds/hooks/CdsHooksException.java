package org.ldncds.hooks;

import java.util.List;
import java.util.Optional;

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

	private final Long retryAfterSeconds;

	public CdsHooksException(HttpStatus status, String error, String detail) {
		this(status, error, detail, List.of());
	}

	public CdsHooksException(HttpStatus status, String error, String detail, List<String> missingPrefetch) {
		this(status, error, detail, missingPrefetch, detail, null);
	}

	private CdsHooksException(HttpStatus status, String error, String detail, List<String> missingPrefetch,
			String logReason, Long retryAfterSeconds) {
		super(detail);
		this.status = status;
		this.error = error;
		this.missingPrefetch = List.copyOf(missingPrefetch);
		this.logReason = logReason;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public static CdsHooksException badRequest(String detail) {
		return new CdsHooksException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
	}

	/**
	 * A 400 whose detail quotes the request (a value, a reference): the log gets the
	 * reason without the quote, as the log must never hold patient data.
	 */
	public static CdsHooksException badRequest(String detail, String logReason) {
		return new CdsHooksException(HttpStatus.BAD_REQUEST, "invalid_request", detail, List.of(), logReason, null);
	}

	/**
	 * A 503: the service cannot take the call now, and says when to try again
	 * ({@code Retry-After}).
	 */
	public static CdsHooksException retryLater(String error, String detail, long retryAfterSeconds) {
		return new CdsHooksException(HttpStatus.SERVICE_UNAVAILABLE, error, detail, List.of(), detail,
				retryAfterSeconds);
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

	/** Seconds after which the caller may try again, for 503 answers; else empty. */
	public Optional<Long> retryAfterSeconds() {
		return Optional.ofNullable(retryAfterSeconds);
	}

	/** The prefetch keys that could not be obtained, for 412 answers. */
	public List<String> missingPrefetch() {
		return missingPrefetch;
	}

}
