package org.ldncds.fhir;

import java.io.ByteArrayInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ldncds.fhir.FetchFailure.Kind;

/**
 * Reads prefetch data from the EHR's FHIR server: one resource, or a search with all its
 * pages. Every request goes through the origin's guard; every answer is parsed within the
 * call's deadline and checked to be what was asked for. A search is only ever returned
 * whole: when a page cannot be read, the fetch fails.
 */
final class FhirFetcher {

	private final FhirContext fhirContext;

	private final FhirHttp http;

	private final FhirServerGuards guards;

	private final FhirFetchProperties properties;

	FhirFetcher(FhirContext fhirContext, FhirHttp http, FhirServerGuards guards, FhirFetchProperties properties) {
		this.fhirContext = fhirContext;
		this.http = http;
		this.guards = guards;
		this.properties = properties;
	}

	/**
	 * Runs a filled prefetch query on the server: {@code Patient/123} reads a resource,
	 * anything else is a search, read to its last page.
	 */
	IBaseResource fetch(String query, FetchTarget target, Deadline deadline) {
		return fetch(query, target, deadline, false);
	}

	/**
	 * As {@link #fetch(String, FetchTarget, Deadline)}; data the call can do without
	 * ({@code optional}) is fetched in a bulkhead of its own.
	 */
	IBaseResource fetch(String query, FetchTarget target, Deadline deadline, boolean optional) {
		URI url = urlFor(target.server(), query);
		IBaseResource answer = get(url, target, deadline, expectedTypeOf(query), optional);
		return (answer instanceof Bundle bundle) ? withAllPages(bundle, target, deadline, optional) : answer;
	}

	/**
	 * The search whose first page the EHR sent, with the pages its next links lead to.
	 */
	Bundle rest(Bundle firstPage, FetchTarget target, Deadline deadline) {
		return rest(firstPage, target, deadline, false);
	}

	Bundle rest(Bundle firstPage, FetchTarget target, Deadline deadline, boolean optional) {
		return withAllPages(firstPage.copy(), target, deadline, optional);
	}

	static boolean hasNext(Bundle page) {
		Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
		return next != null && next.getUrl() != null && !next.getUrl().isBlank();
	}

	private Bundle withAllPages(Bundle bundle, FetchTarget target, Deadline deadline, boolean optional) {
		Bundle page = bundle;
		for (int pages = 1; hasNext(page); pages++) {
			// A partial list could hide an opioid on a later page: better no answer (412)
			// than a reassuring one.
			if (pages >= properties.maxPages()) {
				throw new FetchFailure(Kind.INCOMPLETE, "the search has more than " + properties.maxPages() + " pages");
			}
			URI next = nextPageOf(page, target);
			page = (Bundle) get(next, target, deadline, "Bundle", optional);
			bundle.getEntry().addAll(page.getEntry());
		}
		// Complete now: nothing downstream may take it for a first page.
		bundle.getLink().removeIf((link) -> Bundle.LINK_NEXT.equals(link.getRelation()));
		return bundle;
	}

	private static URI nextPageOf(Bundle page, FetchTarget target) {
		try {
			URI next = new URI(page.getLink(Bundle.LINK_NEXT).getUrl());
			if (target.isOnServer(next)) {
				return next;
			}
		}
		catch (URISyntaxException ex) {
			// Not a URL: not followed either.
		}
		throw new FetchFailure(Kind.INCOMPLETE,
				"the next page is not an absolute URL on fhirServer's origin (another server is never followed)");
	}

	private IBaseResource get(URI url, FetchTarget target, Deadline deadline, String expectedType, boolean optional) {
		return guards.call(target.origin(), () -> {
			FhirHttp.Answer answer = http.get(url, target, deadline);
			if (!answer.isSuccess()) {
				throw errorStatus(answer, deadline);
			}
			return checked(parse(answer.body(), deadline), expectedType);
		}, optional);
	}

	private IBaseResource parse(byte[] body, Deadline deadline) {
		try (Reader reader = new DeadlineReader(
				new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8), deadline)) {
			return fhirContext.newJsonParser().parseResource(reader);
		}
		catch (RuntimeException | IOException ex) {
			// The parser may have wrapped the reader's DeadlinePassed: the clock decides.
			if (deadline.passed()) {
				throw new FetchFailure(Kind.TIMED_OUT,
						"the FHIR server's answer could not be parsed within the call's budget of "
								+ properties.totalBudget().toMillis() + " ms");
			}
			// The parser's message may quote the answer: it is not passed on.
			throw new FetchFailure(Kind.INVALID_ANSWER, "the FHIR server's answer is not valid FHIR JSON");
		}
	}

	private static IBaseResource checked(IBaseResource resource, String expectedType) {
		if (resource instanceof OperationOutcome outcome) {
			throw new FetchFailure(Kind.UNUSABLE_ANSWER,
					"the FHIR server answered with an OperationOutcome" + issuesOf(outcome) + " instead of the data");
		}
		if (!expectedType.equals(resource.fhirType())) {
			throw new FetchFailure(Kind.UNUSABLE_ANSWER,
					"the FHIR server answered a " + resource.fhirType() + " where a " + expectedType + " was expected");
		}
		return resource;
	}

	private FetchFailure errorStatus(FhirHttp.Answer answer, Deadline deadline) {
		int status = answer.status();
		Kind kind = (status >= 500 || status == 429) ? Kind.SERVER_ERROR : Kind.CLIENT_ERROR;
		String outcome = "";
		if (answer.body().length > 0) {
			try {
				if (parse(answer.body(), deadline) instanceof OperationOutcome operationOutcome) {
					outcome = " with an OperationOutcome" + issuesOf(operationOutcome);
				}
			}
			catch (FetchFailure notFhir) {
				// The status says enough.
			}
		}
		return new FetchFailure(kind, "the FHIR server answered " + status + outcome);
	}

	/** The issue codes (a fixed FHIR value set), never the server's free text. */
	private static String issuesOf(OperationOutcome outcome) {
		List<String> codes = outcome.getIssue()
			.stream()
			.map((issue) -> (issue.getCode() == null) ? null : issue.getCode().toCode())
			.filter(Objects::nonNull)
			.distinct()
			.limit(5)
			.toList();
		return codes.isEmpty() ? "" : " (issue " + codes.stream().collect(Collectors.joining(", ")) + ")";
	}

	/** {@code Patient/123} is a read of a Patient; anything else a search (a Bundle). */
	static String expectedTypeOf(String query) {
		int slash = query.indexOf('/');
		return (query.contains("?") || slash <= 0) ? "Bundle" : query.substring(0, slash);
	}

	/**
	 * The server's base with the query appended; characters a URL cannot hold are quoted.
	 */
	static URI urlFor(URI server, String query) {
		String base = server.getPath() == null ? "" : server.getPath().replaceAll("/+$", "");
		int mark = query.indexOf('?');
		String path = base + "/" + ((mark < 0) ? query : query.substring(0, mark));
		try {
			return new URI(server.getScheme(), server.getAuthority(), path,
					(mark < 0) ? null : query.substring(mark + 1), null);
		}
		catch (URISyntaxException ex) {
			throw new FetchFailure(Kind.INCOMPLETE, "its query does not make a URL on fhirServer");
		}
	}

	/** Reading past the deadline fails: parsing stops with the read. */
	private static final class DeadlineReader extends FilterReader {

		private final Deadline deadline;

		DeadlineReader(Reader in, Deadline deadline) {
			super(in);
			this.deadline = deadline;
		}

		@Override
		public int read() throws IOException {
			check();
			return super.read();
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			check();
			return super.read(buffer, offset, length);
		}

		private void check() {
			if (deadline.passed()) {
				throw new DeadlinePassed();
			}
		}

	}

	private static final class DeadlinePassed extends RuntimeException {

		DeadlinePassed() {
			super("deadline passed", null, false, false);
		}

	}

}
