package org.ldncds.fhir;

import java.net.URI;
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

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.ldncds.hooks.CdsHooksException;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.PrefetchValue;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Completes a call's prefetch. A key the EHR sent is used as sent ({@code null} meaning
 * "no data"); a key it left out, or answered with an OperationOutcome, is fetched from
 * the call's {@code fhirServer} with the template's query and the call's access token.
 * Missing keys are fetched in parallel within one time budget. When the data cannot be
 * had, the call fails with 412 naming the keys.
 */
@Component
public class PrefetchResolver {

	private final FhirContext fhirContext;

	private final ExecutorService executor;

	private final FhirFetchProperties properties;

	public PrefetchResolver(FhirContext fhirContext, ExecutorService prefetchExecutor, FhirFetchProperties properties) {
		this.fhirContext = fhirContext;
		this.executor = prefetchExecutor;
		this.properties = properties;
	}

	public ResolvedPrefetch resolve(Map<String, String> templates, HookRequest request) {
		Map<String, IBaseResource> resources = new HashMap<>();
		Map<String, PrefetchOrigin> origins = new HashMap<>();
		Map<String, String> missing = new LinkedHashMap<>();
		templates.forEach((key, template) -> {
			PrefetchValue value = request.prefetch().get(key);
			if (value instanceof PrefetchValue.Data data) {
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
		if (!missing.isEmpty()) {
			resources.putAll(fetchAll(missing, request, origins));
		}
		return new ResolvedPrefetch(resources, origins);
	}

	/**
	 * Fetches the keys, adding those fetched to the origins; when some cannot be fetched,
	 * the exception tells the origins of the others.
	 */
	private Map<String, IBaseResource> fetchAll(Map<String, String> templates, HookRequest request,
			Map<String, PrefetchOrigin> origins) {
		URI server = request.server()
			.orElseThrow(() -> new PrefetchUnavailableException(reasonForAll(templates,
					"not sent (or the EHR could not fetch it), and the request has no fhirServer to fetch it from"),
					origins));
		request.caller().refusalToCall(server).ifPresent((reason) -> {
			throw new CdsHooksException(HttpStatus.FORBIDDEN, "fhir_server_forbidden", reason);
		});
		IGenericClient client = clientFor(server, request);
		Map<String, CompletableFuture<IBaseResource>> fetches = new LinkedHashMap<>();
		Map<String, String> failures = new LinkedHashMap<>();
		templates.forEach((key, template) -> {
			Optional<String> query = PrefetchTemplate.fill(template, request.context());
			if (query.isEmpty()) {
				failures.put(key, "its template needs a context value the request does not have");
			}
			else {
				try {
					fetches.put(key, submit(() -> fetch(client, server, query.get())));
				}
				catch (CdsHooksException busy) {
					fetches.values().forEach((started) -> started.cancel(true));
					throw busy;
				}
			}
		});
		awaitAll(fetches);
		Map<String, IBaseResource> fetched = new HashMap<>();
		fetches.forEach((key, future) -> {
			if (!future.isDone()) {
				future.cancel(true);
				failures.put(key,
						"the FHIR server did not answer within " + properties.totalBudget().toMillis() + " ms");
				return;
			}
			try {
				fetched.put(key, future.join());
			}
			catch (CompletionException | CancellationException ex) {
				failures.put(key, reasonFor(ex.getCause() == null ? ex : ex.getCause()));
			}
		});
		fetched.keySet().forEach((key) -> origins.put(key, PrefetchOrigin.FETCHED));
		if (!failures.isEmpty()) {
			throw new PrefetchUnavailableException(failures, origins);
		}
		return fetched;
	}

	private CompletableFuture<IBaseResource> submit(java.util.function.Supplier<IBaseResource> fetch) {
		try {
			return CompletableFuture.supplyAsync(fetch, executor);
		}
		catch (RejectedExecutionException ex) {
			throw new CdsHooksException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
					"the service is fetching too much data from FHIR servers right now; retry shortly");
		}
	}

	private void awaitAll(Map<String, CompletableFuture<IBaseResource>> fetches) {
		try {
			CompletableFuture.allOf(fetches.values().toArray(CompletableFuture[]::new))
				.get(properties.totalBudget().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Each future is examined on its own afterwards.
		}
	}

	private IGenericClient clientFor(URI server, HookRequest request) {
		IGenericClient client = fhirContext.newRestfulGenericClient(server.toString());
		request.authorization()
			.ifPresent((authorization) -> client
				.registerInterceptor(new BearerTokenAuthInterceptor(authorization.accessToken())));
		return client;
	}

	private IBaseResource fetch(IGenericClient client, URI server, String query) {
		if (!query.contains("?")) {
			String resourceType = query.substring(0, Math.max(query.indexOf('/'), 0));
			return client.read().resource(resourceType).withUrl(query).execute();
		}
		Bundle bundle = client.search().byUrl(query).returnBundle(Bundle.class).execute();
		Bundle page = bundle;
		for (int pages = 1; hasNext(page); pages++) {
			// A partial list could hide an opioid on a later page: better no answer (412)
			// than a reassuring one.
			if (pages >= properties.maxPages()) {
				throw new IncompleteSearchException("the search has more than " + properties.maxPages() + " pages");
			}
			if (!isOnServer(page.getLink(Bundle.LINK_NEXT).getUrl(), server)) {
				throw new IncompleteSearchException("the next page is on another server, which is not followed");
			}
			page = client.loadPage().next(page).execute();
			bundle.getEntry().addAll(page.getEntry());
		}
		return bundle;
	}

	private static boolean hasNext(Bundle page) {
		Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
		return next != null && next.getUrl() != null && !next.getUrl().isBlank();
	}

	/** Paging links are followed only to the server the EHR named, never elsewhere. */
	static boolean isOnServer(String url, URI server) {
		try {
			URI uri = URI.create(url);
			return server.getScheme().equalsIgnoreCase(uri.getScheme())
					&& server.getHost().equalsIgnoreCase(uri.getHost()) && effectivePort(server) == effectivePort(uri);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

	private static int effectivePort(URI uri) {
		if (uri.getPort() >= 0) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/** A search whose later pages cannot be read. */
	static class IncompleteSearchException extends RuntimeException {

		IncompleteSearchException(String message) {
			super(message);
		}

	}

	private static String reasonFor(Throwable failure) {
		if (failure instanceof IncompleteSearchException incomplete) {
			return incomplete.getMessage();
		}
		// First: a connection failure is also a BaseServerResponseException, of 500.
		if (failure instanceof FhirClientConnectionException) {
			return "the FHIR server could not be reached or timed out";
		}
		if (failure instanceof BaseServerResponseException response) {
			return "the FHIR server answered " + response.getStatusCode();
		}
		return "the FHIR server's answer could not be used";
	}

	private static Map<String, String> reasonForAll(Map<String, String> templates, String reason) {
		Map<String, String> reasons = new LinkedHashMap<>();
		templates.keySet().forEach((key) -> reasons.put(key, reason));
		return reasons;
	}

}
