package org.ldncds.bench;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ldncds.LdnCdsApplication;
import org.ldncds.hooks.CdsResponse;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.ServiceOutcome;
import org.ldncds.hooks.HookRequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The in-process cost of one typical order-select call ({@link TypicalOrderSelect}): the
 * same beans the HTTP endpoint uses, without Tomcat and the network. Not a test; run it
 * with {@code mvn -B -Pbenchmark test-compile exec:exec@jmh} (see README).
 *
 * <ul>
 * <li>{@code orderSelect}: request bytes to response bytes: parse and validate, resolve
 * the prefetch (every key supplied), FHIR to facts, rules, cards, JSON.</li>
 * <li>{@code parse}: request bytes to a validated {@link HookRequest} only.</li>
 * <li>{@code decide}: a parsed request to a {@link CdsResponse}: prefetch, facts, rules,
 * cards.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class OrderSelectBenchmark {

	private ConfigurableApplicationContext context;

	private HookRequestParser parser;

	private CdsService service;

	private ObjectMapper objectMapper;

	private byte[] body;

	private HookRequest parsed;

	@Setup(Level.Trial)
	public void start() throws JsonProcessingException {
		// The per-call INFO log line is switched off: it would measure the console.
		this.context = new SpringApplicationBuilder(LdnCdsApplication.class).web(WebApplicationType.NONE)
			.properties("logging.level.root=warn", "logging.level.org.ldncds=warn")
			.run();
		this.parser = this.context.getBean(HookRequestParser.class);
		this.service = this.context.getBean(CdsServiceRegistry.class).find(TypicalOrderSelect.SERVICE_ID).orElseThrow();
		this.objectMapper = this.context.getBean(ObjectMapper.class);
		this.body = TypicalOrderSelect.requestBody();
		this.parsed = parse();
		CdsResponse response = answer(this.parsed);
		if (response.cards().isEmpty() || response.cards().get(0).indicator() != Indicator.CRITICAL) {
			throw new IllegalStateException("Expected the critical card first, got " + response.cards());
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public byte[] orderSelect() throws JsonProcessingException {
		HookRequest request = this.parser.parse(this.body, this.service.descriptor());
		return this.objectMapper.writeValueAsBytes(answer(request));
	}

	@Benchmark
	public HookRequest parse() {
		return this.parser.parse(this.body, this.service.descriptor());
	}

	@Benchmark
	public CdsResponse decide() {
		return answer(this.parsed);
	}

	private CdsResponse answer(HookRequest request) {
		return ((ServiceOutcome.Answered) this.service.call(request)).response();
	}

}
