package org.ldncds.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;

/**
 * The answer to a request Tomcat refuses before the application sees it (a header too
 * large, a URI that cannot be decoded): the same short JSON error and security headers as
 * every other refusal, instead of Tomcat's HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's own report: only an error nothing has been written for yet.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String error = switch (status) {
			case 400 -> "invalid_request";
			case 408 -> "request_timeout";
			case 413 -> "payload_too_large";
			default -> (status >= 500) ? "internal_error" : "error";
		};
		String detail = (known != null) ? known.getReasonPhrase() : "the request was refused";
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("X-Frame-Options", "DENY");
			response.setHeader("Referrer-Policy", "no-referrer");
			response.setHeader("Cache-Control", "no-store");
			response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"error\":\"" + error + "\",\"detail\":\"" + detail + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot be written: nothing to report to.
		}
	}

}
