package org.ldncds.hooks;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every failure into a JSON error with the right status. No input produces a stack
 * trace in a response, and nothing from the request body reaches the log: it may hold
 * patient data.
 */
@RestControllerAdvice
@RestController
class CdsHooksExceptionHandler implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(CdsHooksExceptionHandler.class);

	private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

	private static final Map<Integer, String> ERROR_CODES = Map.of(400, "invalid_request", 404, "not_found", 405,
			"method_not_allowed", 406, "not_acceptable", 408, "request_timeout", 413, "payload_too_large", 415,
			"unsupported_media_type");

	@ExceptionHandler(CdsHooksException.class)
	ResponseEntity<ErrorBody> cdsHooks(CdsHooksException ex) {
		logRefusal(ex.status(), ex.error(), ex.logReason());
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(ex.status());
		ex.retryAfterSeconds().ifPresent((seconds) -> answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
		return answer.contentType(MediaType.APPLICATION_JSON)
			.body(new ErrorBody(ex.error(), ex.getMessage(), ex.missingPrefetch()));
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException ex) {
		return error(HttpStatus.BAD_REQUEST, "the request body could not be read as JSON");
	}

	/** Spring's own protocol errors: wrong method, content type, unknown path... */
	@ExceptionHandler({ ServletException.class, ErrorResponseException.class })
	ResponseEntity<ErrorBody> springError(Exception ex) {
		if (!(ex instanceof ErrorResponse response)) {
			return unexpected(ex);
		}
		if (ex instanceof HttpMediaTypeNotSupportedException unsupported) {
			// Spring's own detail reads "Content-Type 'null'" when there is none.
			MediaType given = unsupported.getContentType();
			String problem = (given != null) ? "'" + given + "' is not supported"
					: "the request has none that can be read";
			return error(response.getStatusCode(), "Content-Type must be application/json; " + problem);
		}
		String detail = response.getBody().getDetail();
		return error(response.getStatusCode(), detail == null ? "the request was refused" : detail);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ErrorBody> unexpected(Exception ex) {
		// The message may quote request content, so only the type and place are logged.
		StackTraceElement where = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
		log.error("Unexpected {} at {}", ex.getClass().getName(), where);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, "the service failed to answer; the failure was logged");
	}

	/** Errors raised outside Spring MVC (the servlet container) end up here. */
	@RequestMapping("/error")
	ResponseEntity<ErrorBody> containerError(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve(code instanceof Integer value ? value : 500);
		return error(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status,
				status == null ? "error" : status.getReasonPhrase());
	}

	/**
	 * Every refusal is logged with its reason, so that an integrator's failing calls can
	 * be diagnosed from the log. Reasons name fields and paths; whatever a reason quotes
	 * ('…' or "…": a parser quoting the body, a value the caller sent) is left out, as it
	 * may be patient data, and control characters are replaced so that no reason can
	 * forge a log line.
	 */
	private static void logRefusal(HttpStatusCode status, String error, String reason) {
		String unquoted = (reason == null) ? "" : QUOTED.matcher(reason).replaceAll("'…'");
		log.info("Refused call: {} {}: {}", status.value(), error, unquoted.replaceAll("\\p{Cntrl}", "?"));
	}

	private static ResponseEntity<ErrorBody> error(HttpStatusCode status, String detail) {
		String code = ERROR_CODES.getOrDefault(status.value(), status.is5xxServerError() ? "internal_error" : "error");
		if (status.is4xxClientError()) {
			logRefusal(status, code, detail);
		}
		// Set, not negotiated: a caller whose Accept excludes JSON (406) still gets JSON.
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ErrorBody(code, detail));
	}

}
