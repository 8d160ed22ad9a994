package org.ldncds.calls;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.ldncds.hooks.IssuedCard;

import org.springframework.stereotype.Component;

/**
 * Metrics of the service calls, for dashboards and alerts:
 * <ul>
 * <li>{@code ldn.calls}: a timer per service and HTTP status, with a percentile histogram
 * (Prometheus {@code histogram_quantile} over the buckets gives p50, p95, p99 across
 * instances);</li>
 * <li>{@code ldn.rules.fired}: rules fired, per rule;</li>
 * <li>{@code ldn.cards}: cards issued, per service, rule and indicator;</li>
 * <li>{@code ldn.prefetch}: where each prefetch key's data came from (supplied,
 * supplied-empty, fetched, skipped, missing), per service and key.</li>
 * </ul>
 * Fetches per FHIR origin and outcome are {@code ldn.fhir.fetch} (FhirServerGuards). Tags
 * hold service ids, rule names, indicators and prefetch keys, never patient data; a call
 * that reached no service (refused before, or an unknown id) counts as service
 * {@code none}, so that callers cannot make tags up.
 */
@Component
class CallMetrics implements CallListener {

	static final String NO_SERVICE = "none";

	private static final Duration MIN_EXPECTED = Duration.ofMillis(1);

	private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

	private final MeterRegistry meters;

	CallMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public void completed(CompletedCall call) {
		String service = (call.hook() != null && call.serviceId() != null) ? call.serviceId() : NO_SERVICE;
		Timer.builder("ldn.calls")
			.description("Service calls, by service and HTTP status")
			.tag("service", service)
			.tag("status", String.valueOf(call.status()))
			.publishPercentileHistogram()
			.minimumExpectedValue(MIN_EXPECTED)
			.maximumExpectedValue(MAX_EXPECTED)
			.register(meters)
			.record(Duration.ofMillis(call.latencyMillis()));
		for (String rule : call.firedRules()) {
			Counter.builder("ldn.rules.fired")
				.description("Rules fired")
				.tag("rule", rule)
				.register(meters)
				.increment();
		}
		for (IssuedCard card : call.cards()) {
			Counter.builder("ldn.cards")
				.description("Cards issued, by service, rule and indicator")
				.tag("service", service)
				.tag("rule", card.rule())
				.tag("indicator", card.card().indicator().code())
				.register(meters)
				.increment();
		}
		for (Map.Entry<String, String> prefetch : call.prefetch().entrySet()) {
			Counter.builder("ldn.prefetch")
				.description("Where each prefetch key's data came from")
				.tag("service", service)
				.tag("key", prefetch.getKey())
				.tag("origin", prefetch.getValue())
				.register(meters)
				.increment();
		}
	}

}
