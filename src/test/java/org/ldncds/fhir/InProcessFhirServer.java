package org.ldncds.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.api.BundleInclusionRule;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real FHIR R4 server for tests: HAPI's {@link RestfulServer} in an embedded Tomcat on
 * a random port, serving the resources of {@code src/test/resources/fhir-server/} (see
 * {@link FixtureResourceProviders}). By default it wants
 * {@code Authorization: Bearer }{@value #ACCESS_TOKEN} and answers 401 otherwise.
 * <p>
 * Use it as a JUnit extension ({@code @RegisterExtension}: a fresh server for each test)
 * or with {@link #start()} and {@link #close()}. Its behaviour can be changed at any
 * time: {@link #requireToken}, {@link #openAccess}, {@link #failWith},
 * {@link #answerAfter}, {@link #pageSize}, {@link #pointNextLinksTo}. It records every
 * request it receives, without the token.
 */
public final class InProcessFhirServer implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

	/** The token the test requests in {@code src/test/resources/requests/} lend. */
	public static final String ACCESS_TOKEN = "ehr-issued-test-token";

	private static final String FHIR_PATH = "/fhir";

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

	private final FixtureResources resources = FixtureResources.load();

	private final FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(20);

	private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();

	private final List<Object> extraProviders = new CopyOnWriteArrayList<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	private volatile String expectedToken = ACCESS_TOKEN;

	private volatile Integer failureStatus;

	private volatile Duration delay = Duration.ZERO;

	private volatile URI nextLinksTarget;

	private Tomcat tomcat;

	private Path baseDir;

	private URI baseUrl;

	public InProcessFhirServer() {
		paging.setMaximumPageSize(100);
		paging.setDefaultPageSize(100);
	}

	/** Answers 401 to requests without {@code Authorization: Bearer <token>}. */
	public InProcessFhirServer requireToken(String token) {
		this.expectedToken = token;
		return this;
	}

	/** Needs no token, like an open server or a sandbox. */
	public InProcessFhirServer openAccess() {
		this.expectedToken = null;
		return this;
	}

	/** Answers every request with this error status. */
	public InProcessFhirServer failWith(int status) {
		this.failureStatus = status;
		return this;
	}

	/**
	 * Serves this plain provider too (an operation provider such as a terminology
	 * server's {@code $validate-code}); call before the server starts.
	 */
	public InProcessFhirServer alsoServe(Object provider) {
		if (tomcat != null) {
			throw new IllegalStateException("Add providers before the server starts");
		}
		extraProviders.add(provider);
		return this;
	}

	/** Holds every answer back this long (or until the server closes). */
	public InProcessFhirServer answerAfter(Duration delay) {
		this.delay = delay;
		return this;
	}

	/** Pages search results, this many per page, with {@code next} links. */
	public InProcessFhirServer pageSize(int size) {
		paging.setDefaultPageSize(size);
		return this;
	}

	/** Rewrites the {@code next} links of search pages to point to another server. */
	public InProcessFhirServer pointNextLinksTo(URI otherServer) {
		this.nextLinksTarget = otherServer;
		return this;
	}

	/** Starts the server; a server that was closed cannot be started again. */
	public synchronized InProcessFhirServer start() {
		if (closing.getCount() == 0) {
			throw new IllegalStateException("The test FHIR server was closed; make a new one");
		}
		if (tomcat != null) {
			return this;
		}
		try {
			baseDir = Files.createTempDirectory("fhir-server-");
			RestfulServer fhirServlet = new RestfulServer(FHIR);
			fhirServlet.registerProviders(FixtureResourceProviders.all(resources));
			fhirServlet.registerProviders(extraProviders);
			fhirServlet.setPagingProvider(paging);
			// The providers fill a reference only when its _include is asked for: HAPI's
			// default rule cannot match MedicationRequest:medication to medication[x].
			fhirServlet.setBundleInclusionRule(BundleInclusionRule.BASED_ON_RESOURCE_PRESENCE);
			fhirServlet.registerInterceptor(new Behaviour());
			tomcat = new Tomcat();
			tomcat.setBaseDir(baseDir.toString());
			Connector connector = new Connector();
			connector.setPort(0);
			// Reachable from this machine only.
			connector.setProperty("address", InetAddress.getLoopbackAddress().getHostAddress());
			tomcat.setConnector(connector);
			StandardContext context = (StandardContext) tomcat.addContext("", baseDir.toString());
			// Leak detection is for redeployable web apps; here it only logs warnings.
			context.setClearReferencesObjectStreamClassCaches(false);
			context.setClearReferencesRmiTargets(false);
			context.setClearReferencesThreadLocals(false);
			Tomcat.addServlet(context, "fhir", fhirServlet);
			context.addServletMappingDecoded(FHIR_PATH + "/*", "fhir");
			tomcat.start();
			baseUrl = URI.create("http://localhost:" + connector.getLocalPort() + FHIR_PATH);
			warmUpOncePerJvm();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("The test FHIR server did not start", ex);
		}
	}

	/**
	 * The first answers of a JVM load many classes on both sides. Done here, that time is
	 * not counted against the short timeouts a test gives the service.
	 */
	private void warmUpOncePerJvm() {
		if (failureStatus != null || !delay.isZero() || WARMED_UP.getAndSet(true)) {
			return;
		}
		ApacheRestfulClientFactory clients = new ApacheRestfulClientFactory(FHIR);
		clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = clients.newGenericClient(baseUrl.toString());
		if (expectedToken != null) {
			client.registerInterceptor(new BearerTokenAuthInterceptor(expectedToken));
		}
		try {
			client.read().resource(Patient.class).withId("example-patient").execute();
			client.search()
				.byUrl("MedicationRequest?patient=example-patient&_include="
						+ FixtureResourceProviders.INCLUDE_MEDICATION)
				.returnBundle(Bundle.class)
				.execute();
		}
		catch (RuntimeException ex) {
			// Only a warm-up: the tests see whatever is wrong.
		}
		received.clear();
	}

	/** The FHIR base URL, {@code http://localhost:<port>/fhir}. */
	public URI baseUrl() {
		if (baseUrl == null) {
			throw new IllegalStateException("The test FHIR server is not started");
		}
		return baseUrl;
	}

	/** Every request received so far, in order. */
	public List<ReceivedRequest> requests() {
		return List.copyOf(received);
	}

	/** The requests received for one resource type (reads and searches). */
	public List<ReceivedRequest> requestsFor(String resourceType) {
		return received.stream().filter((request) -> resourceType.equals(request.resourceType())).toList();
	}

	/** The fixture resources, referenced ones first, e.g. to upload to another server. */
	public static List<Resource> fixtureResources() {
		return FixtureResources.load().inUploadOrder();
	}

	/** A FHIR base URL on a local port nothing listens on. */
	public static URI unreachableBaseUrl() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return URI.create("http://localhost:" + socket.getLocalPort() + FHIR_PATH);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void close() {
		closing.countDown();
		if (tomcat == null) {
			return;
		}
		try {
			tomcat.stop();
			tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("The test FHIR server did not stop", ex);
		}
		finally {
			tomcat = null;
			deleteBaseDir();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

	private void deleteBaseDir() {
		try (Stream<Path> paths = Files.walk(baseDir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary directory is harmless.
		}
	}

	/**
	 * A request as the server saw it.
	 *
	 * @param method the HTTP method
	 * @param path the path after the FHIR base, e.g. {@code Patient/example-patient};
	 * empty for a paging request
	 * @param query the decoded query string, or empty
	 * @param credentials what the request carried in its Authorization header
	 */
	public record ReceivedRequest(String method, String path, String query, Credentials credentials) {

		/** The resource type the request is about, or empty for a paging request. */
		public String resourceType() {
			int slash = path.indexOf('/');
			return (slash < 0) ? path : path.substring(0, slash);
		}

	}

	/** What a request carried in its Authorization header; never the token itself. */
	public enum Credentials {

		/** No Authorization header. */
		NONE,

		/** {@code Bearer} with the token the server expects. */
		EXPECTED_TOKEN,

		/** Anything else. */
		OTHER

	}

	/** Records requests and plays the server's configured behaviour. */
	@Interceptor
	public final class Behaviour {

		@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
		public boolean incoming(HttpServletRequest request, HttpServletResponse response)
				throws IOException, InterruptedException {
			Credentials credentials = credentialsOf(request.getHeader(Constants.HEADER_AUTHORIZATION));
			received.add(new ReceivedRequest(request.getMethod(), pathOf(request), queryOf(request), credentials));
			if (!delay.isZero()) {
				closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
			}
			if (expectedToken != null && credentials != Credentials.EXPECTED_TOKEN) {
				response.setHeader("WWW-Authenticate", "Bearer");
				return answer(response, 401, OperationOutcome.IssueType.LOGIN, "A valid Bearer token is required");
			}
			Integer status = failureStatus;
			if (status != null) {
				return answer(response, status, OperationOutcome.IssueType.EXCEPTION, "Simulated failure");
			}
			return true;
		}

		@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
		public boolean outgoing(RequestDetails request, ResponseDetails response) {
			URI target = nextLinksTarget;
			if (target != null && response.getResponseResource() instanceof Bundle bundle
					&& bundle.getLink(Bundle.LINK_NEXT) != null) {
				Bundle.BundleLinkComponent next = bundle.getLink(Bundle.LINK_NEXT);
				next.setUrl(next.getUrl().replace(request.getFhirServerBase(), target.toString()));
			}
			return true;
		}

		private Credentials credentialsOf(String authorization) {
			if (authorization == null) {
				return Credentials.NONE;
			}
			String token = expectedToken;
			return (token != null && authorization.equals("Bearer " + token)) ? Credentials.EXPECTED_TOKEN
					: Credentials.OTHER;
		}

		private static String pathOf(HttpServletRequest request) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			path = path.startsWith(FHIR_PATH) ? path.substring(FHIR_PATH.length()) : path;
			return path.startsWith("/") ? path.substring(1) : path;
		}

		private static String queryOf(HttpServletRequest request) {
			String query = request.getQueryString();
			return (query == null) ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8);
		}

		private static boolean answer(HttpServletResponse response, int status, OperationOutcome.IssueType type,
				String message) throws IOException {
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
			response.setStatus(status);
			response.setContentType(Constants.CT_FHIR_JSON_NEW);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write(FHIR.newJsonParser().encodeResourceToString(outcome));
			return false;
		}

	}

}
