package org.ldncds.ldn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.HookRequestParser;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.ServiceOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs the packaged example call through every service before the instance says it is
 * ready: parsing, facts, rules, cards and the JSON answer. The first run of each is many
 * times slower than the hundredth (class loading, lazy rule network, JIT); this keeps
 * that cost off the first clinician's call. Nothing is audited: the services are called
 * directly, not over HTTP. Reloaded knowledge is checked and warmed up the same way
 * before it answers calls.
 */
@Component
class PipelineWarmUp {

	private static final Logger log = LoggerFactory.getLogger(PipelineWarmUp.class);

	/** A typical order-select call: an LDN draft for a patient taking oxycodone. */
	static final String EXAMPLE = "/examples/order-select-ldn-with-oxycodone.json";

	/** The hookInstance of every warm-up call: the service does not log them. */
	static final String HOOK_INSTANCE = "ldn-cds-warm-up";

	private static final int MAX_ROUNDS = 200;

	private static final Duration BUDGET = Duration.ofMillis(1500);

	private final HookRequestParser parser;

	private final ObjectMapper objectMapper;

	PipelineWarmUp(HookRequestParser parser, ObjectMapper objectMapper) {
		this.parser = parser;
		this.objectMapper = objectMapper;
	}

	/**
	 * Calls every service with the example, round after round, for at most
	 * {@value #MAX_ROUNDS} rounds or 1.5 s. Their hookInstance marks them, so that the
	 * service neither logs them nor remembers their cards as shown.
	 * @return the rounds run
	 */
	int run(List<CdsService> services) {
		ObjectNode example = example();
		long deadline = System.nanoTime() + BUDGET.toNanos();
		int rounds = 0;
		while (rounds < MAX_ROUNDS && System.nanoTime() < deadline) {
			for (CdsService service : services) {
				try {
					answer(service, example);
				}
				catch (IOException | RuntimeException ex) {
					// A failed warm-up leaves the first call slower, not wrong:
					// every real call is checked again.
					log.warn("Warm-up call to {} failed: {}", service.descriptor().id(), ex.getClass().getSimpleName());
				}
			}
			rounds++;
		}
		return rounds;
	}

	/**
	 * What new knowledge must pass before it answers calls: every service answers the
	 * example (an LDN order for a patient taking oxycodone), and order-select still gives
	 * its critical card. Then the new knowledge is warmed up. This catches a change that
	 * compiles and passes the knowledge check but silences the opioid alert (its rule no
	 * longer fires, or its template was made a warning).
	 * @return the problem, saying which cards the example got instead; or empty
	 */
	Optional<String> check(LdnPipeline candidate) {
		List<CdsService> services = LdnPipeline.services(() -> candidate);
		ObjectNode example = example();
		for (CdsService service : services) {
			try {
				Optional<ServiceOutcome.Answered> answered = answer(service, example);
				boolean critical = answered.stream()
					.flatMap((answer) -> answer.cards().stream())
					.anyMatch((issued) -> issued.card().indicator() == Indicator.CRITICAL);
				if ("order-select".equals(service.descriptor().hook()) && !critical) {
					return Optional.of("the example call " + EXAMPLE
							+ " (LDN for a patient taking oxycodone) no longer gets its critical card; it now gets "
							+ answered.map(PipelineWarmUp::describeCards).orElse("no answer (the call is refused)"));
				}
			}
			catch (IOException | RuntimeException ex) {
				return Optional.of("the example call " + EXAMPLE + " fails on " + service.descriptor().id() + ": "
						+ ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
		}
		run(services);
		return Optional.empty();
	}

	/**
	 * Each card's indicator and the rule that made it, e.g.
	 * {@code warning from rule "…"}.
	 */
	private static String describeCards(ServiceOutcome.Answered answered) {
		if (answered.cards().isEmpty()) {
			return "no card";
		}
		return answered.cards()
			.stream()
			.map((issued) -> issued.card().indicator().code() + " from rule \"" + issued.rule() + "\"")
			.collect(Collectors.joining(", "));
	}

	/**
	 * The service's answer to the example, serialised as for the EHR; empty if refused.
	 */
	private Optional<ServiceOutcome.Answered> answer(CdsService service, ObjectNode example) throws IOException {
		ObjectNode call = example.deepCopy()
			.put("hook", service.descriptor().hook())
			.put("hookInstance", HOOK_INSTANCE);
		ServiceOutcome outcome = service.call(parser.parse(objectMapper.writeValueAsBytes(call), service.descriptor()));
		if (outcome instanceof ServiceOutcome.Answered answered) {
			objectMapper.writeValueAsBytes(answered.response());
			return Optional.of(answered);
		}
		return Optional.empty();
	}

	private ObjectNode example() {
		try (InputStream in = PipelineWarmUp.class.getResourceAsStream(EXAMPLE)) {
			if (in == null) {
				throw new IllegalStateException("The warm-up example " + EXAMPLE + " is not on the classpath");
			}
			JsonNode example = objectMapper.readTree(in);
			return (ObjectNode) example;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
