package org.ldncds.fhir;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.ldncds.hooks.CdsHooksException;
import org.ldncds.hooks.FhirAuthorization;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.PrefetchValue;

import org.springframework.http.HttpStatus;

/**
 * Completes a call's prefetch. A key the EHR sent is used as sent ({@code null} meaning
 * "no data"); a key it left out, or answered with an OperationOutcome, is fetched from
 * the call's {@code fhirServer} with the template's query and the call's access token; a
 * search the EHR sent only in part (a page with a {@code next} link) is read to its end
 * there. All keys are fetched in parallel within one time budget. When the data cannot be
 * had whole, the call fails with 412 naming the keys: a partial list is never used as if
 * it were complete: the result then says which keys are missing and why.
 */
public class PrefetchResolver {

	private final FhirFetcher fetcher;

	private final ExecutorService executor;

	private final FhirFetchProperties properties;

	PrefetchResolver(FhirFetcher fetcher, ExecutorService prefetchExecutor, FhirFetchProperties properties) {
		this.fetcher = fetcher;
		this.executor = prefetchExecutor;
		this.properties = properties;
	}

	/**
	 * Completes the prefetch of a call that arrived at {@code arrivedNanos} (a
	 * {@link System#nanoTime()}): the budget counts from the call's arrival, so that the
	 * EHR has its answer, data or 412, within the budget however busy the service is.
	 */
	public ResolvedPrefetch resolve(Map<String, String> templates, HookRequest request, long arrivedNanos) {
		Deadline deadline = new Deadline(arrivedNanos + properties.totalBudget().toNanos());
		Map<String, IBaseResource> resources = new HashMap<>();
		Map<String, PrefetchOrigin> origins = new HashMap<>();
		Map<String, String> missing = new LinkedHashMap<>();
		Map<String, Bundle> partial = new LinkedHashMap<>();
		templates.forEach((key, template) -> {
			PrefetchValue value = request.prefetch().get(key);
			if (value instanceof PrefetchValue.Data data && data.resource() instanceof Bundle bundle
					&& FhirFetcher.hasNext(bundle)) {
				partial.put(key, bundle);
			}
			else if (value instanceof PrefetchValue.Data data) {
				resources.put(key, data.resource());
				origins.put(key, PrefetchOrigin.SUPPLIED);
			}
			else if (value instanceof PrefetchValue.NoData) {
				origins.put(key, PrefetchOrigin.SUPPLIED_EMPTY);
			}
			else if (PrefetchTemplate.fill(template, request.context()).isEmpty()) {
				origins.put(key, PrefetchOrigin.SKIPPED);
			}
			else {
				missing.put(key, template);
			}
		});
		if (!missing.isEmpty() || !partial.isEmpty()) {
			try {
				resources.putAll(fetchAll(new Work(missing, partial), request, origins, deadline));
			}
			catch (PrefetchUnavailableException ex) {
				return ex.asResult();
			}
		}
		return new ResolvedPrefetch(resources, origins, Map.of());
	}

	/**
	 * What a call leaves to fetch.
	 *
	 * @param missing the templates of keys not sent
	 * @param partial the first pages of searches sent in part
	 */
	private record Work(Map<String, String> missing, Map<String, Bundle> partial) {

		Map<String, String> reasonForAll(String missingReason, String partialReason) {
			Map<String, String> reasons = new LinkedHashMap<>();
			missing.keySet().forEach((key) -> reasons.put(key, missingReason));
			partial.keySet().forEach((key) -> reasons.put(key, partialReason));
			return reasons;
		}

	}

	/**
	 * Fetches the keys, adding those fetched to the origins; when some cannot be fetched,
	 * the exception tells the origins of the others.
	 */
	private Map<String, IBaseResource> fetchAll(Work work, HookRequest request, Map<String, PrefetchOrigin> origins,
			Deadline deadline) {
		FetchTarget target = targetFor(work, request, origins);
		Map<String, CompletableFuture<IBaseResource>> fetches = new LinkedHashMap<>();
		Map<String, String> failures = new LinkedHashMap<>();
		try {
			work.missing().forEach((key, template) -> {
				Optional<String> query = PrefetchTemplate.fill(template, request.context());
				if (query.isEmpty()) {
					failures.put(key, "its template needs a context value the request does not have");
				}
				else {
					fetches.put(key, submit(() -> fetcher.fetch(query.get(), target, deadline)));
				}
			});
			work.partial()
				.forEach((key, firstPage) -> fetches.put(key, submit(() -> fetcher.rest(firstPage, target, deadline))));
		}
		catch (CdsHooksException busy) {
			fetches.values().forEach((started) -> started.cancel(true));
			throw busy;
		}
		awaitAll(fetches, deadline);
		Map<String, IBaseResource> fetched = new HashMap<>();
		fetches.forEach((key, future) -> collect(key, future, work, fetched, failures));
		fetched.keySet().forEach((key) -> origins.put(key, PrefetchOrigin.FETCHED));
		if (!failures.isEmpty()) {
			throw new PrefetchUnavailableException(failures, origins);
		}
		return fetched;
	}

	/**
	 * The call's FHIR server, if the service may call it for this caller. Keys not sent
	 * at all make a server the caller may not name a 403, as before; searches sent in
	 * part only make their keys unavailable.
	 */
	private FetchTarget targetFor(Work work, HookRequest request, Map<String, PrefetchOrigin> origins) {
		if (request.server().isEmpty()) {
			throw new PrefetchUnavailableException(work.reasonForAll(
					"not sent (or the EHR could not fetch it), and the request has no fhirServer to fetch it from",
					"its searchset has more pages (a next link), and the request has no fhirServer to read them from"),
					origins);
		}
		Optional<String> refusal = request.caller().refusalToCall(request.server().get());
		if (refusal.isPresent() && !work.missing().isEmpty()) {
			throw new CdsHooksException(HttpStatus.FORBIDDEN, "fhir_server_forbidden", refusal.get());
		}
		if (refusal.isPresent()) {
			throw new PrefetchUnavailableException(
					work.reasonForAll("",
							"its searchset has more pages (a next link), which cannot be read: " + refusal.get()),
					origins);
		}
		String token = request.authorization().map(FhirAuthorization::accessToken).orElse(null);
		return new FetchTarget(request.server().get(), token, request.caller());
	}

	private void collect(String key, CompletableFuture<IBaseResource> future, Work work,
			Map<String, IBaseResource> fetched, Map<String, String> failures) {
		String context = work.partial().containsKey(key) ? "its searchset has more pages (a next link), but " : "";
		if (!future.isDone()) {
			// The fetch stops itself at the deadline too; this only stops a queued one.
			future.cancel(true);
			failures.put(key, context + "the FHIR server did not answer within the call's budget of "
					+ properties.totalBudget().toMillis() + " ms");
			return;
		}
		try {
			fetched.put(key, future.join());
		}
		catch (CompletionException | CancellationException ex) {
			Throwable cause = (ex.getCause() == null) ? ex : ex.getCause();
			String reason = (cause instanceof FetchFailure failure) ? failure.getMessage()
					: "the FHIR server's answer could not be used";
			failures.put(key, context + reason);
		}
	}

	private CompletableFuture<IBaseResource> submit(Supplier<IBaseResource> fetch) {
		try {
			return CompletableFuture.supplyAsync(fetch, executor);
		}
		catch (RejectedExecutionException ex) {
			throw new CdsHooksException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
					"the service is fetching too much data from FHIR servers right now; retry shortly");
		}
	}

	private static void awaitAll(Map<String, CompletableFuture<IBaseResource>> fetches, Deadline deadline) {
		try {
			CompletableFuture.allOf(fetches.values().toArray(CompletableFuture[]::new))
				.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Each future is examined on its own afterwards.
		}
	}

}
