package org.ldncds.ldn;

import java.util.List;

import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.rules.RuleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Says whether the knowledge this instance answers with is loaded and warmed up: part of
 * the readiness health group ({@code /actuator/health/readiness}), so that a load
 * balancer sends no call to an instance before its rules have run once. The first session
 * of a rule base is much slower than the next ones; warming up here keeps that cost off
 * the first clinician's call. Spring Boot runs this before it reports the application
 * ready.
 */
@Component("knowledge")
class KnowledgeReadiness implements HealthIndicator, ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(KnowledgeReadiness.class);

	private final KnowledgeBase knowledge;

	private final RuleBase rules;

	private final PipelineWarmUp pipeline;

	private volatile boolean warmedUp;

	KnowledgeReadiness(KnowledgeBase knowledge, RuleBase rules, PipelineWarmUp pipeline) {
		this.knowledge = knowledge;
		this.rules = rules;
		this.pipeline = pipeline;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		warmUp();
	}

	/**
	 * Runs the rules once on no facts, which builds the rule network's lazy parts, then
	 * the example call through every service.
	 */
	void warmUp() {
		long started = System.nanoTime();
		rules.evaluate(List.of(), Object.class);
		int rounds = pipeline.run();
		warmedUp = true;
		log.info("Knowledge {} and rules {} warmed up in {} ms ({} rounds of example calls): ready for calls",
				knowledge.version(), rules.fingerprint(), (System.nanoTime() - started) / 1_000_000, rounds);
	}

	@Override
	public Health health() {
		Health.Builder health = warmedUp ? Health.up() : Health.outOfService();
		return health.withDetail("knowledgeVersion", knowledge.version())
			.withDetail("ruleFingerprint", rules.fingerprint())
			.withDetail("rules", rules.ruleNames().size())
			.build();
	}

}
