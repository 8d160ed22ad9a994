package org.ldncds.ldn;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ldncds.KnowledgeFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The Spring-free {@link KnowledgeHarness} answers as the service does: every scenario is
 * also sent to the real endpoint, and the two answers must be the same JSON but for the
 * random uuids. This is what keeps the harness from drifting from the Spring
 * configuration (services, JSON settings, the endpoint itself).
 */
@SpringBootTest(properties = "ldn.cards.info-at-order-sign=ALWAYS")
@AutoConfigureMockMvc
class KnowledgeHarnessMatchesServiceTest {

	@Autowired
	private MockMvc mvc;

	private final KnowledgeHarness harness = KnowledgeHarness.get();

	@Test
	void theHarnessHasTheServicesTheServicePublishes() throws Exception {
		List<String> published = new ArrayList<>();
		call(get("/cds-services")).path("services").forEach((service) -> published.add(service.path("id").asText()));
		assertThat(harness.serviceIds()).isEqualTo(published);
	}

	@TestFactory
	Stream<DynamicTest> everyScenarioGetsTheSameAnswerOverHttp() {
		return Scenario.all().stream().map((scenario) -> DynamicTest.dynamicTest(scenario.name(), () -> {
			JsonNode overHttp = call(post("/cds-services/" + scenario.service()).contentType(MediaType.APPLICATION_JSON)
				.content(ScenarioJson.mapper().writeValueAsBytes(scenario.request())));
			JsonNode harnessed = ScenarioJson.read(harness.answer(scenario.service(), scenario.request()).toString());
			assertThat(ScenarioJson.pretty(withoutUuids(harnessed))).as(scenario.name())
				.isEqualTo(ScenarioJson.pretty(withoutUuids(overHttp)));
		}));
	}

	private JsonNode call(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
		MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
		return ScenarioJson.read(response.getContentAsString());
	}

	private static JsonNode withoutUuids(JsonNode response) {
		JsonNode copy = response.deepCopy();
		copy.path("cards").forEach((card) -> {
			((ObjectNode) card).remove("uuid");
			card.path("suggestions").forEach((suggestion) -> ((ObjectNode) suggestion).remove("uuid"));
		});
		return copy;
	}

	@TestConfiguration
	static class FixedDay {

		@Bean
		@Primary
		Clock scenarioDay() {
			return KnowledgeFixtures.TODAY;
		}

	}

}
