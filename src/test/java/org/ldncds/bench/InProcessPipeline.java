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
		var data = prefetch.resolve(service.descriptor().prefetch(), LdnPipeline.optionalKeys(), request, start);
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

	@Override
	public void close() {
		context.close();
	}

}
