package org.ldncds.fhir;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * there. All keys are fetched in parallel within one time budget. When the data of a
 * required key cannot be had whole, the call fails with 412 naming the keys: a partial
 * list is never used as if it were complete: the result then says which keys are missing
 * and why.
 *
 * <p>
 * Optional keys add evidence but are never a reason to refuse a call: one that cannot be
 * had (no {@code fhirServer}, a server the caller may not name, a failed fetch) is
 * {@link PrefetchOrigin#UNAVAILABLE}, and a search sent in part whose other pages cannot
 * be read is used as far as it goes ({@link PrefetchOrigin#SUPPLIED_PARTIAL}).
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
		return resolve(templates, Set.of(), request, arrivedNanos);
	}

	/**
	 * As {@link #resolve(Map, HookRequest, long)}, where the keys named {@code optional}
	 * never make the call fail.
	 */
	public ResolvedPrefetch resolve(Map<String, String> templates, Set<String> optional, HookRequest request,
			long arrivedNanos) {
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
				resources.putAll(fetchAll(new Work(missing, partial, optional), request, origins, deadline));
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
	 * @param optional the keys that may be done without
	 */
	private record Work(Map<String, String> missing, Map<String, Bundle> partial, Set<String> optional) {

		/** Why each required key cannot be had, for a call that cannot fetch at all. */
		Map<String, String> reasonForRequired(String missingReason, String partialReason) {
			Map<String, String> reasons = new LinkedHashMap<>();
			missing.keySet()
				.stream()
				.filter((key) -> !optional.contains(key))
				.forEach((key) -> reasons.put(key, missingReason));
			partial.keySet()
				.stream()
				.filter((key) -> !optional.contains(key))
				.forEach((key) -> reasons.put(key, partialReason));
			return reasons;
		}

		boolean missesRequired() {
			return missing.keySet().stream().anyMatch((key) -> !optional.contains(key));
		}

		/**
		 * Gives up the optional keys: those not sent are unavailable, searches sent in
		 * part are used as far as they go.
		 */
		void settleOptional(Map<String, IBaseResource> into, Map<String, PrefetchOrigin> origins) {
			missing.keySet()
				.stream()
				.filter(optional::contains)
				.forEach((key) -> origins.put(key, PrefetchOrigin.UNAVAILABLE));
			partial.forEach((key, firstPage) -> {
				if (optional.contains(key)) {
					into.put(key, firstPage);
					origins.put(key, PrefetchOrigin.SUPPLIED_PARTIAL);
				}
			});
		}

	}

	/**
	 * Fetches the keys, adding those fetched to the origins; when some cannot be fetched,
	 * the exception tells the origins of the others.
	 */
	private Map<String, IBaseResource> fetchAll(Work work, HookRequest request, Map<String, PrefetchOrigin> origins,
			Deadline deadline) {
		Optional<FetchTarget> maybeTarget = targetFor(work, request, origins);
		if (maybeTarget.isEmpty()) {
			Map<String, IBaseResource> settled = new HashMap<>();
			work.settleOptional(settled, origins);
			return settled;
		}
		FetchTarget target = maybeTarget.get();
		Map<String, CompletableFuture<IBaseResource>> fetches = new LinkedHashMap<>();
		Map<String, String> failures = new LinkedHashMap<>();
		try {
			// Required data first: it takes the pool's places before optional data.
			for (boolean optional : new boolean[] { false, true }) {
				work.missing().forEach((key, template) -> {
					if (work.optional().contains(key) != optional) {
						return;
					}
					Optional<String> query = PrefetchTemplate.fill(template, request.context());
					if (query.isEmpty()) {
						failures.put(key, "its template needs a context value the request does not have");
					}
					else {
						submit(key, () -> fetcher.fetch(query.get(), target, deadline, optional), optional, fetches,
								failures);
					}
				});
				work.partial().forEach((key, firstPage) -> {
					if (work.optional().contains(key) == optional) {
						submit(key, () -> fetcher.rest(firstPage, target, deadline, optional), optional, fetches,
								failures);
					}
				});
			}
		}
		catch (CdsHooksException busy) {
			fetches.values().forEach((started) -> started.cancel(true));
			throw busy;
		}
		awaitAll(fetches, deadline);
		Map<String, IBaseResource> fetched = new HashMap<>();
		fetches.forEach((key, future) -> collect(key, future, work, fetched, failures));
		fetched.keySet().forEach((key) -> origins.put(key, PrefetchOrigin.FETCHED));
		settleFailedOptional(work, failures, fetched, origins);
		if (!failures.isEmpty()) {
			throw new PrefetchUnavailableException(failures, origins);
		}
		return fetched;
	}

	/**
	 * Takes the optional keys out of the failures: a search sent in part is used as far
	 * as it goes, a key not sent is unavailable.
	 */
	private static void settleFailedOptional(Work work, Map<String, String> failures,
			Map<String, IBaseResource> fetched, Map<String, PrefetchOrigin> origins) {
		for (String key : List.copyOf(failures.keySet())) {
			if (!work.optional().contains(key)) {
				continue;
			}
			failures.remove(key);
			Bundle firstPage = work.partial().get(key);
			if (firstPage != null) {
				fetched.put(key, firstPage);
				origins.put(key, PrefetchOrigin.SUPPLIED_PARTIAL);
			}
			else {
				origins.put(key, PrefetchOrigin.UNAVAILABLE);
			}
		}
	}

	/**
	 * The call's FHIR server, if the service may call it for this caller; empty when
	 * there is none (or none it may call) and only optional keys are left. Required keys
	 * not sent at all make a server the caller may not name a 403, as before; searches
	 * sent in part only make their keys unavailable.
	 */
	private Optional<FetchTarget> targetFor(Work work, HookRequest request, Map<String, PrefetchOrigin> origins) {
		if (request.server().isEmpty()) {
			Map<String, String> required = work.reasonForRequired(
					"not sent (or the EHR could not fetch it), and the request has no fhirServer to fetch it from",
					"its searchset has more pages (a next link), and the request has no fhirServer to read them from");
			if (required.isEmpty()) {
				return Optional.empty();
			}
			throw new PrefetchUnavailableException(required, origins);
		}
		Optional<String> refusal = request.caller().refusalToCall(request.server().get());
		if (refusal.isPresent() && work.missesRequired()) {
			throw new CdsHooksException(HttpStatus.FORBIDDEN, "fhir_server_forbidden", refusal.get());
		}
		if (refusal.isPresent()) {
			Map<String, String> required = work.reasonForRequired("",
					"its searchset has more pages (a next link), which cannot be read: " + refusal.get());
			if (required.isEmpty()) {
				return Optional.empty();
			}
			throw new PrefetchUnavailableException(required, origins);
		}
		String token = request.authorization().map(FhirAuthorization::accessToken).orElse(null);
		return Optional.of(new FetchTarget(request.server().get(), token, request.caller()));
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

	/**
	 * Starts the fetch of a key. When the pool is full, a required key makes the call 503
	 * (busy); an optional key is done without.
	 */
	private void submit(String key, Supplier<IBaseResource> fetch, boolean optional,
			Map<String, CompletableFuture<IBaseResource>> fetches, Map<String, String> failures) {
		try {
			fetches.put(key, CompletableFuture.supplyAsync(fetch, executor));
		}
		catch (RejectedExecutionException ex) {
			if (optional) {
				failures.put(key, "the service is fetching too much data from FHIR servers right now");
				return;
			}
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
