package org.ldncds.ldn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.HookRequestParser;
import org.ldncds.hooks.ServiceOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs the packaged example call through every service before the instance says it is
 * ready: parsing, facts, rules, cards and the JSON answer. The first run of each is many
 * times slower than the hundredth (class loading, lazy rule network, JIT); this keeps
 * that cost off the first clinician's call. Nothing is audited: the services are called
 * directly, not over HTTP.
 */
@Component
class PipelineWarmUp {

	private static final Logger log = LoggerFactory.getLogger(PipelineWarmUp.class);

	/** A typical order-select call: an LDN draft for a patient taking oxycodone. */
	static final String EXAMPLE = "/examples/order-select-ldn-with-oxycodone.json";

	private static final int MAX_ROUNDS = 200;

	private static final Duration BUDGET = Duration.ofMillis(1500);

	private final CdsServiceRegistry registry;

	private final HookRequestParser parser;

	private final ObjectMapper objectMapper;

	private final InformationCardsAtSigning infoAtSigning;

	PipelineWarmUp(CdsServiceRegistry registry, HookRequestParser parser, ObjectMapper objectMapper,
			InformationCardsAtSigning infoAtSigning) {
		this.registry = registry;
		this.infoAtSigning = infoAtSigning;
		this.parser = parser;
		this.objectMapper = objectMapper;
	}

	/**
	 * Calls every service with the example, round after round, until {@value #MAX_ROUNDS}
	 * rounds or 1.5 s have passed.
	 * @return the rounds run
	 */
	int run() {
		ObjectNode example = example();
		long deadline = System.nanoTime() + BUDGET.toNanos();
		int rounds = 0;
		while (rounds < MAX_ROUNDS && System.nanoTime() < deadline) {
			for (CdsService service : registry.services()) {
				answer(service, example);
			}
			rounds++;
		}
		infoAtSigning.forgetAll();
		return rounds;
	}

	private void answer(CdsService service, ObjectNode example) {
		try {
			ObjectNode call = example.deepCopy().put("hook", service.descriptor().hook());
			ServiceOutcome outcome = service
				.call(parser.parse(objectMapper.writeValueAsBytes(call), service.descriptor()));
			if (outcome instanceof ServiceOutcome.Answered answered) {
				objectMapper.writeValueAsBytes(answered.response());
			}
		}
		catch (IOException | RuntimeException ex) {
			// A warm-up that fails leaves the instance slower on its first call, not
			// wrong: every real call is checked again.
			log.warn("Warm-up call to {} failed: {}", service.descriptor().id(), ex.getClass().getSimpleName());
		}
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
