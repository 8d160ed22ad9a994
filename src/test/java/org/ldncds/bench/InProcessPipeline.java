package org.ldncds.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ldncds.LdnCdsApplication;
import org.ldncds.facts.Advice;
import org.ldncds.cards.CardFactory;
import org.ldncds.hooks.CdsResponse;
import org.ldncds.facts.FactMapper;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.PrefetchResolver;
import org.ldncds.fhir.ResolvedPrefetch;
import org.ldncds.hooks.ServiceOutcome;
import org.ldncds.ldn.LdnPipeline;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.HookRequestParser;
import org.ldncds.rules.RuleBase;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The order-select pipeline in this JVM, without HTTP: the beans the endpoint uses, from
 * the application's own Spring context (no web server). {@link #call} is what the
 * endpoint does between reading the body and writing the answer; {@link #callInStages}
 * does the same step by step to time each stage.
 *
 * <p>
 * The only class of the benchmark that calls the service's Java API; when that API
 * changes, this is where the benchmark follows it.
 */
final class InProcessPipeline implements AutoCloseable {

	/** The stages {@link #callInStages} times, in order. */
	static final String[] STAGES = { "parse: JSON, checks, HAPI R4 resources", "prefetch: resolve the keys",
			"facts: FHIR to facts", "rules: Drools session", "cards", "serialise: cards to JSON" };

	private final ConfigurableApplicationContext context;

	private final HookRequestParser parser;

	private final CdsService service;

	private final PrefetchResolver prefetch;

	private final FactMapper facts;

	private final RuleBase rules;

	private final CardFactory cards;

	private final ObjectMapper json;

	private InProcessPipeline(ConfigurableApplicationContext context) {
		this.context = context;
		this.parser = context.getBean(HookRequestParser.class);
		this.service = context.getBean(CdsServiceRegistry.class).find(TypicalOrderSelect.SERVICE_ID).orElseThrow();
		LdnPipeline pipeline = context.getBean(LdnPipeline.class);
		this.prefetch = pipeline.prefetch();
		this.facts = pipeline.facts();
		this.rules = pipeline.rules();
		this.cards = pipeline.cards();
		this.json = context.getBean(ObjectMapper.class);
	}

	/**
	 * Starts the application's context without a web server.
	 * @param maxBundleEntries the largest prefetch Bundle the calls will hold
	 */
	static InProcessPipeline start(int maxBundleEntries) {
		return new InProcessPipeline(new SpringApplicationBuilder(LdnCdsApplication.class).web(WebApplicationType.NONE)
			// Arguments, which override application.yaml: quiet, so that the
			// console is not what is timed.
			.run("--logging.level.root=warn", "--ldn.hooks.max-bundle-entries=" + maxBundleEntries));
	}

	/** Request bytes to response bytes, as the endpoint does it. */
	byte[] call(byte[] body) throws JsonProcessingException {
		HookRequest request = parser.parse(body, service.descriptor());
		return json.writeValueAsBytes(((ServiceOutcome.Answered) service.call(request)).response());
	}

	/**
	 * The same call, stage by stage as the service runs them.
	 * @param nanos where each stage's time is added, one slot per {@link #STAGES}
	 */
	byte[] callInStages(byte[] body, long[] nanos) throws JsonProcessingException {
		long start = System.nanoTime();
		HookRequest request = parser.parse(body, service.descriptor());
		long parsed = System.nanoTime();
		var data = resolve(request, start);
		long resolved = System.nanoTime();
		var clinical = facts.map(request.context(), data.record(), ReviewScope.SELECTIONS);
		long mapped = System.nanoTime();
		var outcome = rules.evaluate(clinical.all(), Advice.class);
		long evaluated = System.nanoTime();
		var issued = cards.cardsFor(outcome.outputs(), request.context().draftOrders());
		long carded = System.nanoTime();
		byte[] answer = json.writeValueAsBytes(new CdsResponse(issued.stream().map((card) -> card.card()).toList()));
		long written = System.nanoTime();
		long[] marks = { start, parsed, resolved, mapped, evaluated, carded, written };
		for (int stage = 0; stage < STAGES.length; stage++) {
			nanos[stage] += marks[stage + 1] - marks[stage];
		}
		return answer;
	}

	/**
	 * As {@link #callInStages}, adding each stage's CPU time and allocated bytes of the
	 * calling thread: measures that other processes on the machine do not change.
	 */
	byte[] callMeasured(byte[] body, com.sun.management.ThreadMXBean threads, long[] cpuNanos, long[] allocated)
			throws JsonProcessingException {
		long[] cpu = new long[STAGES.length + 1];
		long[] bytes = new long[STAGES.length + 1];
		long thread = Thread.currentThread().getId();
		cpu[0] = threads.getCurrentThreadCpuTime();
		bytes[0] = threads.getThreadAllocatedBytes(thread);
		HookRequest request = parser.parse(body, service.descriptor());
		cpu[1] = threads.getCurrentThreadCpuTime();
		bytes[1] = threads.getThreadAllocatedBytes(thread);
		var data = resolve(request, System.nanoTime());
		cpu[2] = threads.getCurrentThreadCpuTime();
		bytes[2] = threads.getThreadAllocatedBytes(thread);
		var clinical = facts.map(request.context(), data.record(), ReviewScope.SELECTIONS);
		cpu[3] = threads.getCurrentThreadCpuTime();
		bytes[3] = threads.getThreadAllocatedBytes(thread);
		var outcome = rules.evaluate(clinical.all(), Advice.class);
		cpu[4] = threads.getCurrentThreadCpuTime();
		bytes[4] = threads.getThreadAllocatedBytes(thread);
		var issued = cards.cardsFor(outcome.outputs(), request.context().draftOrders());
		cpu[5] = threads.getCurrentThreadCpuTime();
		bytes[5] = threads.getThreadAllocatedBytes(thread);
		byte[] answer = json.writeValueAsBytes(new CdsResponse(issued.stream().map((card) -> card.card()).toList()));
		cpu[6] = threads.getCurrentThreadCpuTime();
		bytes[6] = threads.getThreadAllocatedBytes(thread);
		for (int stage = 0; stage < STAGES.length; stage++) {
			cpuNanos[stage] += cpu[stage + 1] - cpu[stage];
			allocated[stage] += bytes[stage + 1] - bytes[stage];
		}
		return answer;
	}

	/**
	 * The prefetch as the service resolves it: the history and observations keys, which
	 * the typical request does not send, are optional.
	 */
	private ResolvedPrefetch resolve(HookRequest request, long arrived) {
		ResolvedPrefetch data = prefetch.resolve(service.descriptor().prefetch(), LdnPipeline.optionalKeys(), request,
				arrived);
		if (!data.complete()) {
			throw new IllegalStateException("the service would refuse the call: " + data.missing().keySet());
		}
		return data;
	}

	/** The request parsed, as the endpoint's first step. */
	HookRequest parse(byte[] body) {
		return parser.parse(body, service.descriptor());
	}

	@Override
	public void close() {
		context.close();
	}

}
