package org.ldncds.ldn;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ldncds.facts.FactMapper;
import org.ldncds.hooks.CdsService;
import org.ldncds.hooks.HookRequest;
import org.ldncds.hooks.HookRequestParser;
import org.ldncds.hooks.ServiceOutcome;
import org.ldncds.knowledge.KnowledgeFolder;

/**
 * The knowledge scenarios as a gate: every worked example (a CDS Hooks request and every
 * card it must get, whole) run on new knowledge before it answers calls. A reload that
 * changes any scenario's cards is refused, naming the scenarios and how their cards
 * differ; a deliberate change ships with its updated scenarios (the folder or archive at
 * {@code ldn.knowledge.scenarios-location}), reviewed as the scenarios README says.
 *
 * <p>
 * Scenarios run as {@code KnowledgeScenariosTest} runs them: on their fixed day, without
 * a terminology server or FHIR server, every information card shown at every hook, and
 * cards compared in their {@link CardForm}. Their calls are marked as warm-up calls, so
 * nothing of them is logged, audited or remembered.
 */
final class KnowledgeScenarios {

	/** The day the scenarios are written for: their dates are relative to it. */
	static final Clock DAY = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

	/** Enough for a pharmacist to see the pattern; the rest are counted. */
	private static final int FAILURES_NAMED = 3;

	private final KnowledgeFolder folder;

	private final HookRequestParser parser;

	private final ObjectMapper json;

	KnowledgeScenarios(KnowledgeFolder folder, HookRequestParser parser, ObjectMapper json) {
		this.folder = folder;
		this.parser = parser;
		this.json = json;
	}

	/** Where the scenarios are read from. */
	KnowledgeFolder folder() {
		return folder;
	}

	/**
	 * Runs every scenario of the folder, read afresh, on the candidate.
	 * @return the problem: unreadable scenarios, or the scenarios whose cards differ and
	 * how; empty when every scenario gets exactly its expected cards
	 */
	Optional<String> check(LdnPipeline candidate) {
		List<Scenario> scenarios;
		try {
			scenarios = read();
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			return Optional.of(ex.getMessage());
		}
		Map<String, CdsService> services = onScenarioDay(candidate).services()
			.stream()
			.collect(Collectors.toMap((service) -> service.descriptor().id(), Function.identity()));
		List<String> failures = new ArrayList<>();
		for (Scenario scenario : scenarios) {
			mismatch(scenario, services, candidate.cards().knowledgeVersion()).ifPresent(failures::add);
		}
		if (failures.isEmpty()) {
			return Optional.empty();
		}
		String named = String.join("; ", failures.subList(0, Math.min(FAILURES_NAMED, failures.size())));
		String more = (failures.size() > FAILURES_NAMED) ? "; and " + (failures.size() - FAILURES_NAMED) + " more" : "";
		return Optional.of(failures.size() + " of " + scenarios.size() + " knowledge scenarios at " + folder.location()
				+ " get other cards (ship the scenarios updated with the change): " + named + more);
	}

	/**
	 * The candidate's rules, knowledge and card words, on the scenarios' day, without a
	 * terminology server, and with every card shown at every hook.
	 */
	private static LdnPipeline onScenarioDay(LdnPipeline candidate) {
		FactMapper facts = new FactMapper(candidate.knowledge(), DAY, Optional.empty());
		return new LdnPipeline(candidate.prefetch(), candidate.knowledge(), facts, candidate.rules(), candidate.cards(),
				InformationCardsAtSigning.everyCardAtEveryHook());
	}

	/** Every scenario file of the folder, by name. */
	List<Scenario> read() {
		List<Scenario> scenarios = new ArrayList<>();
		for (KnowledgeFolder.KnowledgeFile file : folder.filesAndArchivedFiles(".json")) {
			scenarios.add(Scenario.of(file.name(), parse(file)));
		}
		if (scenarios.isEmpty()) {
			throw new IllegalStateException("No knowledge scenarios at " + folder.location()
					+ ": new knowledge is checked against its scenarios before it answers calls");
		}
		return scenarios;
	}

	private JsonNode parse(KnowledgeFolder.KnowledgeFile file) {
		try {
			return json.readTree(file.text());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("The knowledge scenario " + file.name() + " is not JSON: line "
					+ ex.getLocation().getLineNr() + ": " + ex.getOriginalMessage());
		}
	}

	/** How the scenario's cards differ from what it expects; empty when they do not. */
	private Optional<String> mismatch(Scenario scenario, Map<String, CdsService> services, String knowledgeVersion) {
		CdsService service = services.get(scenario.service());
		if (service == null) {
			return Optional.of(scenario.name() + " names no LDN service: \"" + scenario.service() + "\"");
		}
		ArrayNode actual;
		try {
			actual = CardForm.ofAll(answer(service, scenario.request()).path("cards"), knowledgeVersion);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.of(scenario.name() + " is not answered: " + ex.getMessage());
		}
		return difference(scenario.expectedCards(), actual).map((how) -> scenario.name() + " " + how);
	}

	/** The cards a call gets, as the EHR would read them. */
	private JsonNode answer(CdsService service, ObjectNode request) throws IOException {
		ObjectNode call = request.deepCopy().put("hookInstance", PipelineWarmUp.HOOK_INSTANCE);
		HookRequest parsed = parser.parse(json.writeValueAsBytes(call), service.descriptor());
		if (parsed.server().isPresent()) {
			throw new IllegalArgumentException("it names a fhirServer; a scenario sends its prefetch");
		}
		ServiceOutcome outcome = service.call(parsed);
		if (outcome instanceof ServiceOutcome.Refused refused) {
			throw refused.refusal();
		}
		return json.readTree(json.writeValueAsBytes(((ServiceOutcome.Answered) outcome).response()));
	}

	/**
	 * Which cards came or went (by indicator and summary), else the first card that
	 * differs and in which fields.
	 */
	static Optional<String> difference(ArrayNode expected, ArrayNode actual) {
		List<String> expectedCards = headlines(expected);
		List<String> actualCards = headlines(actual);
		if (!expectedCards.equals(actualCards)) {
			return Optional.of("expects " + expectedCards + " and gets " + actualCards);
		}
		for (int i = 0; i < expected.size(); i++) {
			if (!expected.get(i).equals(actual.get(i))) {
				return Optional.of("gets the card '" + actualCards.get(i) + "' with another "
						+ String.join(", ", differingFields(expected.get(i), actual.get(i))));
			}
		}
		return Optional.empty();
	}

	private static List<String> headlines(ArrayNode cards) {
		List<String> headlines = new ArrayList<>();
		cards.forEach((card) -> headlines.add(card.path("indicator").asText() + ": " + card.path("summary").asText()));
		return headlines;
	}

	private static List<String> differingFields(JsonNode expected, JsonNode actual) {
		List<String> fields = new ArrayList<>();
		expected.fieldNames().forEachRemaining((name) -> {
			if (!expected.get(name).equals(actual.get(name))) {
				fields.add(name);
			}
		});
		actual.fieldNames().forEachRemaining((name) -> {
			if (!expected.has(name)) {
				fields.add(name);
			}
		});
		return fields;
	}

	/**
	 * One scenario as the gate reads it.
	 *
	 * @param name its path in the folder (or archive)
	 * @param service the id of the service it calls
	 * @param request the CDS Hooks request
	 * @param expectedCards every card it must get, in {@link CardForm}
	 */
	record Scenario(String name, String service, ObjectNode request, ArrayNode expectedCards) {

		static Scenario of(String name, JsonNode document) {
			if (!(document.path("request") instanceof ObjectNode request) || !document.path("service").isTextual()
					|| !(document.path("expectedCards") instanceof ArrayNode expected)) {
				throw new IllegalArgumentException("The knowledge scenario " + name
						+ " needs \"service\" (text), \"request\" (an object) and \"expectedCards\" (a list)");
			}
			return new Scenario(name, document.path("service").asText(), request, expected);
		}

	}

}
