package org.ldncds.fhir;

import java.util.Locale;

/**
 * A fetch from a FHIR server that gave no usable data. Its message says what happened in
 * words fit for a 412 detail: never the server's own text, which may hold patient data.
 */
class FetchFailure extends RuntimeException {

	private final Kind kind;

	FetchFailure(Kind kind, String reason) {
		super(reason, null, false, false);
		this.kind = kind;
	}

	Kind kind() {
		return kind;
	}

	/** What went wrong, as counted in the metrics and by the circuit breaker. */
	enum Kind {

		/** No connection could be made. */
		UNREACHABLE(true),

		/** The deadline or the read timeout passed before the answer was read. */
		TIMED_OUT(true),

		/** The answer was larger than allowed. */
		TOO_LARGE(true),

		/** The server redirected somewhere the service does not follow. */
		REDIRECT_REFUSED(true),

		/** The server answered 5xx or 429. */
		SERVER_ERROR(true),

		/**
		 * The server answered another error status (401, 404...): its own verdict on this
		 * call.
		 */
		CLIENT_ERROR(false),

		/** The answer is not FHIR JSON. */
		INVALID_ANSWER(true),

		/** The answer is FHIR, but an OperationOutcome or the wrong resource type. */
		UNUSABLE_ANSWER(false),

		/** A search has more pages than may be followed, or a page that cannot be. */
		INCOMPLETE(false),

		/** Too many fetches to this server are running already. */
		SERVER_BUSY(false),

		/**
		 * Recent fetches to this server failed too often: it is not called for a while.
		 */
		CIRCUIT_OPEN(false);

		private final boolean serverFault;

		Kind(boolean serverFault) {
			this.serverFault = serverFault;
		}

		/** Whether it says the server is unwell, which the circuit breaker counts. */
		boolean serverFault() {
			return serverFault;
		}

		/** The tag value in the metrics. */
		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
