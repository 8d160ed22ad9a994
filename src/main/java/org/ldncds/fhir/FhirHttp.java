package org.ldncds.fhir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.ldncds.fhir.FetchFailure.Kind;

/**
 * One GET to the EHR's FHIR server, made the way the service must make it: the token goes
 * to the server's origin only; a redirect is followed only on that origin, a few times,
 * each under the caller's allow-list; the body is counted as it arrives and cut off past
 * the size limit; and the whole exchange ends at the deadline or after the read timeout
 * without data, connection closed, whatever the server keeps sending.
 */
final class FhirHttp {

	private static final String ACCEPT = "application/fhir+json, application/json;q=0.9";

	private final HttpClient http;

	private final FhirFetchProperties properties;

	FhirHttp(FhirFetchProperties properties) {
		this.properties = properties;
		// Redirects are never followed by the client itself: each one is checked here.
		this.http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(properties.connectTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/**
	 * An answer: its status, the URL that gave it, and its body (empty for redirects).
	 */
	record Answer(int status, URI url, Optional<String> location, byte[] body) {

		boolean isSuccess() {
			return status >= 200 && status < 300;
		}

	}

	/**
	 * GETs the URL, which must be on the target's origin, following same-origin
	 * redirects.
	 * @throws FetchFailure when no answer could be had
	 */
	Answer get(URI url, FetchTarget target, Deadline deadline) {
		URI current = url;
		for (int redirects = 0;; redirects++) {
			if (!target.isOnServer(current)) {
				throw (redirects == 0) ? new FetchFailure(Kind.INCOMPLETE, "its URL is not on fhirServer's origin")
						: new FetchFailure(Kind.REDIRECT_REFUSED,
								"the FHIR server redirected to another origin, which is never followed");
			}
			Optional<String> refusal = target.caller().refusalToCall(current);
			if (refusal.isPresent()) {
				throw new FetchFailure(Kind.REDIRECT_REFUSED,
						"the FHIR server redirected to a URL this client may not name");
			}
			Answer answer = exchange(current, target, deadline);
			if (answer.status() < 300 || answer.status() >= 400 || answer.status() == 304) {
				return answer;
			}
			if (redirects >= properties.maxRedirects()) {
				throw new FetchFailure(Kind.REDIRECT_REFUSED,
						"the FHIR server redirected more than " + properties.maxRedirects() + " times");
			}
			current = locationOf(answer);
		}
	}

	private static URI locationOf(Answer redirect) {
		try {
			return redirect.url().resolve(redirect.location().orElseThrow());
		}
		catch (RuntimeException ex) {
			throw new FetchFailure(Kind.REDIRECT_REFUSED,
					"the FHIR server answered " + redirect.status() + " without a usable Location");
		}
	}

	private Answer exchange(URI url, FetchTarget target, Deadline deadline) {
		if (deadline.passed()) {
			throw timedOut();
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.GET()
			.timeout(deadline.remaining().plusMillis(1))
			.header("Accept", ACCEPT);
		// Only ever sent here: every URL reaching this line is on the target's origin.
		target.token().ifPresent((token) -> request.header("Authorization", "Bearer " + token));
		BoundedBody body = new BoundedBody(properties.maxAnswerSize().toBytes());
		CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request.build(),
				(info) -> bodyFor(info, body));
		HttpResponse<byte[]> answered = await(response, body, deadline);
		return new Answer(answered.statusCode(), url, answered.headers().firstValue("Location"), answered.body());
	}

	private BoundedBody bodyFor(HttpResponse.ResponseInfo info, BoundedBody body) {
		body.progressed();
		if (info.statusCode() >= 300 && info.statusCode() < 400) {
			body.skip();
		}
		else if (info.headers().firstValueAsLong("Content-Length").orElse(0) > properties.maxAnswerSize().toBytes()) {
			body.refuseAsTooLarge();
		}
		return body;
	}

	/**
	 * Waits for the whole answer until the deadline, or until the server has sent nothing
	 * for the read timeout; then stops the exchange, which closes the connection.
	 */
	private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> response, BoundedBody body,
			Deadline deadline) {
		long readTimeout = properties.readTimeout().toNanos();
		try {
			while (true) {
				long idleLeft = readTimeout - (System.nanoTime() - body.lastProgressNanos());
				long wait = Math.min(deadline.remainingNanos(), idleLeft);
				if (wait <= 0) {
					stop(response, body);
					throw deadline.passed() ? timedOut()
							: new FetchFailure(Kind.TIMED_OUT, "the FHIR server timed out: it sent nothing for "
									+ properties.readTimeout().toMillis() + " ms");
				}
				try {
					return response.get(wait, TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException stillRunning) {
					// Look again: bytes may have arrived meanwhile.
				}
			}
		}
		catch (InterruptedException ex) {
			stop(response, body);
			Thread.currentThread().interrupt();
			throw timedOut();
		}
		catch (ExecutionException ex) {
			throw failureOf(ex.getCause());
		}
	}

	private static void stop(CompletableFuture<?> response, BoundedBody body) {
		body.abort();
		response.cancel(true);
	}

	private FetchFailure timedOut() {
		return new FetchFailure(Kind.TIMED_OUT, "the FHIR server did not answer within the call's budget of "
				+ properties.totalBudget().toMillis() + " ms");
	}

	private FetchFailure failureOf(Throwable cause) {
		if (cause instanceof FetchFailure failure) {
			return failure;
		}
		if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
			return new FetchFailure(Kind.UNREACHABLE, "the FHIR server could not be reached");
		}
		if (cause instanceof HttpTimeoutException) {
			return timedOut();
		}
		if (cause instanceof IOException) {
			return new FetchFailure(Kind.UNREACHABLE, "the connection to the FHIR server failed before its answer");
		}
		return new FetchFailure(Kind.UNREACHABLE, "the FHIR server could not be called");
	}

}
