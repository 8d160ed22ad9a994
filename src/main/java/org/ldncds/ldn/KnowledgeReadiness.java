package org.ldncds.ldn;

import java.util.List;

import org.ldncds.hooks.CdsServiceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Says whether the knowledge this instance answers with is loaded and warmed up: part of
 * the readiness health group ({@code /actuator/health/readiness}), so that a load
 * balancer sends no call to an instance before its rules have run once. The first session
 * of a rule base is much slower than the next ones; warming up here keeps that cost off
 * the first clinician's call. Spring Boot runs this before it reports the application
 * ready, and before the warm-up over HTTP ({@link HttpWarmUp}).
 */
@Component("knowledge")
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class KnowledgeReadiness implements HealthIndicator, ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(KnowledgeReadiness.class);

	private final LiveKnowledge knowledge;

	private final CdsServiceRegistry services;

	private final PipelineWarmUp pipeline;

	private volatile boolean warmedUp;

	KnowledgeReadiness(LiveKnowledge knowledge, CdsServiceRegistry services, PipelineWarmUp pipeline) {
		this.knowledge = knowledge;
		this.services = services;
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
		LdnPipeline current = knowledge.get();
		current.rules().evaluate(List.of(), Object.class);
		int rounds = pipeline.run(services.services());
		warmedUp = true;
		log.info("Knowledge {} warmed up in {} ms ({} rounds of example calls): ready for calls", current.version(),
				(System.nanoTime() - started) / 1_000_000, rounds);
	}

	@Override
	public Health health() {
		Health.Builder health = warmedUp ? Health.up() : Health.outOfService();
		LdnPipeline current = knowledge.get();
		// A refused change keeps the instance ready (it answers with the knowledge it
		// had) and is shown here until a later change loads.
		return health.withDetail("knowledgeVersion", current.cards().knowledgeVersion())
			.withDetail("ruleFingerprint", current.rules().fingerprint())
			.withDetail("rules", current.rules().ruleNames().size())
			.withDetail("lastReload", KnowledgeEndpoint.describe(knowledge.last()))
			.build();
	}

}
