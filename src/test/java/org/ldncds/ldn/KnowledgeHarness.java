package org.ldncds.ldn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.ClinicalFacts;
import org.ldncds.fhir.FhirConfiguration;
import org.ldncds.fhir.FhirFetchProperties;
import org.ldncds.fhir.ResolvedPrefetch;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.HookRequestParser;
import org.ldncds.hooks.HooksProperties;
import org.ldncds.hooks.ServiceOutcome;
import org.ldncds.knowledge.CardTemplates;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.rules.RuleBase;
import org.ldncds.rules.RuleSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/**
 * The LDN services without Spring: the knowledge folders ({@code rules/},
 * {@code fhir-profiles/}), the request parser, the prefetch resolver, the fact mapper,
 * the rules and the card factory, built once per test JVM by the code the Spring
 * configuration calls ({@link LdnPipeline}, {@link FhirConfiguration},
 * {@link RuleBase#load}), with the settings of {@code application.yaml}. The day is
 * {@link KnowledgeFixtures#TODAY}.
 *
 * <p>
 * There is no FHIR server: a request must send its prefetch, and one that names a
 * {@code fhirServer} is refused, so that no test reaches the network. What the harness
 * cannot share with the service (Spring's JSON settings, the endpoint) is checked by
 * {@code KnowledgeHarnessMatchesServiceTest}, which compares its answers with the
 * service's over HTTP.
 */
final class KnowledgeHarness {

	private static KnowledgeHarness harness;

	private final LdnPipeline pipeline;

	private final CdsServiceRegistry services;

	private final HookRequestParser parser;

	private final ObjectMapper json;

	private final KnowledgeBase knowledge;

	private final FhirContext fhirContext;

	private KnowledgeHarness(LdnPipeline pipeline, HookRequestParser parser, ObjectMapper json, KnowledgeBase knowledge,
			FhirContext fhirContext) {
		this.pipeline = pipeline;
		this.fhirContext = fhirContext;
		this.services = new CdsServiceRegistry(pipeline.services());
		this.parser = parser;
		this.json = json;
		this.knowledge = knowledge;
	}

	/** The harness, built on first use. */
	static synchronized KnowledgeHarness get() {
		if (harness == null) {
			harness = build();
		}
		return harness;
	}

	private static KnowledgeHarness build() {
		Binder settings = applicationSettings();
		FhirContext fhirContext = FhirConfiguration.newFhirContext();
		FhirFetchProperties fetching = settings.bindOrCreate("ldn.fhir", FhirFetchProperties.class);
		LdnPipeline pipeline = LdnPipeline.of(
				FhirConfiguration.newPrefetchResolver(fhirContext, fetching, new SimpleMeterRegistry(),
						FhirConfiguration.newPrefetchExecutor(fetching)),
				KnowledgeFixtures.knowledge(), KnowledgeFixtures.rules(), KnowledgeFixtures.templates(), fhirContext,
				KnowledgeFixtures.TODAY, Optional.empty(), InformationCardsAtSigning.everyCardAtEveryHook());
		ObjectMapper json = JsonMapper.builder()
			.serializationInclusion(
					settings.bind("spring.jackson.default-property-inclusion", JsonInclude.Include.class).get())
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		HookRequestParser parser = new HookRequestParser(json, fhirContext,
				settings.bindOrCreate("ldn.hooks", HooksProperties.class));
		return new KnowledgeHarness(pipeline, parser, json, KnowledgeFixtures.knowledge(), fhirContext);
	}

	/** The service's own settings file, as Spring Boot reads it (no overrides). */
	private static Binder applicationSettings() {
		try {
			return new Binder(ConfigurationPropertySources
				.from(new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Calls a service as the endpoint does: the body is parsed and checked (a
	 * {@code CdsHooksException} says why not), then answered or refused.
	 */
	ServiceOutcome call(String serviceId, byte[] body) {
		CdsService service = services.require(serviceId);
		HookRequest request = parser.parse(body, service.descriptor());
		if (request.server().isPresent()) {
			throw new IllegalArgumentException(
					"The harness has no FHIR server: send every prefetch key instead of a fhirServer");
		}
		return service.call(request);
	}

	/**
	 * The response body a call gets, as JSON: what the EHR receives.
	 * @throws AssertionError when the call is refused
	 */
	JsonNode answer(String serviceId, JsonNode request) {
		ServiceOutcome outcome = call(serviceId, bytes(request));
		if (outcome instanceof ServiceOutcome.Refused refused) {
			throw new AssertionError("Call refused: " + refused.refusal().getMessage());
		}
		return render(((ServiceOutcome.Answered) outcome).response());
	}

	/**
	 * The facts of a request as the service maps them: its drafts and its prefetch, in
	 * the service's review scope.
	 */
	ClinicalFacts factsOf(String serviceId, JsonNode requestJson) {
		CdsService service = services.require(serviceId);
		HookRequest request = parser.parse(bytes(requestJson), service.descriptor());
		LdnService ldn = (LdnService) service;
		ResolvedPrefetch data = pipeline.prefetch()
			.resolve(service.descriptor().prefetch(), ldn.optionalPrefetch(), request, System.nanoTime());
		return pipeline.facts().map(request.context(), data.record(), ldn.scope());
	}

	/**
	 * What the rules make of the facts, and the cards a call would get. Suggestions act
	 * on draft orders: each medication that is not on the record is a draft here.
	 */
	LdnPipeline.Advised advise(RuleFacts facts) {
		ClinicalFacts current = pipeline.facts()
			.facts(facts.medications(), facts.conditions(), facts.patient(), facts.scope());
		ClinicalFacts clinical = new ClinicalFacts(current.medications(), current.conditions(), current.indications(),
				current.patient(), current.chartReview(), facts.exposures(), current.observations(),
				current.encounterDiagnoses());
		Bundle drafts = facts.drafts();
		return pipeline.advise(clinical, drafts);
	}

	/** JSON as the service writes it: empty optional fields left out. */
	JsonNode render(Object value) {
		try {
			return json.readTree(json.writeValueAsBytes(value));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The ids of the services, as discovery lists them. */
	List<String> serviceIds() {
		return services.descriptors().stream().map((descriptor) -> descriptor.id()).toList();
	}

	RuleBase rules() {
		return pipeline.rules();
	}

	/** The pipeline the harness's services answer with. */
	LdnPipeline pipeline() {
		return pipeline;
	}

	/**
	 * A pipeline like the harness's on other rules and card templates, as a reload builds
	 * one from changed folders.
	 */
	LdnPipeline pipelineWith(RuleBase otherRules, CardTemplates otherTemplates) {
		return LdnPipeline.of(pipeline.prefetch(), knowledge, otherRules, otherTemplates, fhirContext,
				KnowledgeFixtures.TODAY, Optional.empty(), InformationCardsAtSigning.everyCardAtEveryHook());
	}

	/**
	 * The project's rules ({@code rules/}) with some files edited (by their path in the
	 * folder: {@code ldn/x.drl}, {@code cards/y.md}), compiled and passed through the
	 * knowledge check as a reload does (which throws if it fails).
	 */
	LdnPipeline pipelineEditing(Map<String, UnaryOperator<String>> edits) {
		KnowledgeFolder rules = new KnowledgeFolder("file:rules/");
		List<KnowledgeFolder.KnowledgeFile> drl = edited(rules.files(".drl"), edits);
		List<KnowledgeFolder.KnowledgeFile> templates = edited(KnowledgeCheck.templateFiles(rules), edits);
		CardTemplates checked = KnowledgeCheck.check(drl, templates, knowledge);
		RuleBase compiled = RuleBase
			.compile(drl.stream().map((file) -> new RuleSource(file.name(), file.text())).toList());
		return pipelineWith(compiled, checked);
	}

	private static List<KnowledgeFolder.KnowledgeFile> edited(List<KnowledgeFolder.KnowledgeFile> files,
			Map<String, UnaryOperator<String>> edits) {
		return files.stream()
			.map((file) -> new KnowledgeFolder.KnowledgeFile(file.name(),
					edits.getOrDefault(file.name(), UnaryOperator.identity()).apply(file.text())))
			.toList();
	}

	/** A pipeline like the harness's on other FHIR knowledge. */
	LdnPipeline pipelineOn(KnowledgeBase otherKnowledge) {
		return LdnPipeline.of(pipeline.prefetch(), otherKnowledge, pipeline.rules(), KnowledgeFixtures.templates(),
				fhirContext, KnowledgeFixtures.TODAY, Optional.empty(),
				InformationCardsAtSigning.everyCardAtEveryHook());
	}

	/** The scenarios gate with the harness's parser and JSON settings. */
	KnowledgeScenarios scenarios(String location) {
		return new KnowledgeScenarios(new KnowledgeFolder(location), parser, json);
	}

	/**
	 * The check a reloaded pipeline must pass, with the harness's parser and JSON
	 * settings.
	 */
	PipelineWarmUp warmUp() {
		return new PipelineWarmUp(parser, json);
	}

	KnowledgeBase knowledge() {
		return knowledge;
	}

	private byte[] bytes(JsonNode request) {
		try {
			return json.writeValueAsBytes(request);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
