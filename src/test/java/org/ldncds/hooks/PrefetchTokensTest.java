package org.ldncds.hooks;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The prefetch tokens CDS Hooks 2.0 defines, and no others. */
class PrefetchTokensTest {

	@Test
	void acceptsEveryTokenCdsHooksDefinesForTheHook() {
		assertThatNoException().isThrownBy(() -> PrefetchTokens.check("order-sign",
				Map.of("patient", "Patient/{{context.patientId}}", "encounter", "Encounter/{{context.encounterId}}",
						"user", "{{context.userId}}", "practitioner", "Practitioner/{{userPractitionerId}}", "role",
						"PractitionerRole?_id={{userPractitionerRoleId}}&_include=PractitionerRole:practitioner",
						"self", "Patient/{{userPatientId}}", "related", "RelatedPerson/{{ userRelatedPersonId }}")));
	}

	@Test
	void refusesAnUnknownTokenNamingKeyAndToken() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PrefetchTokens.check("order-select",
					Map.of("recent", "Observation?patient={{context.patientId}}&date=gt{{today() - 90 days}}")))
			.withMessageContaining("'recent'")
			.withMessageContaining("unknown token {{today() - 90 days}}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PrefetchTokens.check("order-select",
					Map.of("drafts", "MedicationRequest/{{context.draftOrders}}")))
			.withMessageContaining("unknown token {{context.draftOrders}}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PrefetchTokens.check("patient-view", Map.of("p", "Patient/{{context.patientId")))
			.withMessageContaining("not part of a token");
	}

	@Test
	void fillsContextUserIdWithTheUsersReference() {
		HookContext context = context("Practitioner/123", null);
		assertThat(PrefetchTokens.fill("{{context.userId}}", context)).contains("Practitioner/123");
		assertThat(PrefetchTokens.fill("PractitionerRole?practitioner={{context.userId}}", context))
			.contains("PractitionerRole?practitioner=Practitioner/123");
		assertThat(PrefetchTokens.fill("PractitionerRole/{{userPractitionerRoleId}}", context)).isEmpty();
		assertThat(
				PrefetchTokens.fill("PractitionerRole/{{userPractitionerRoleId}}", context("PractitionerRole/9", null)))
			.contains("PractitionerRole/9");
	}

	@Test
	void neverLeavesATokenInTheQuery() {
		HookContext context = context("Practitioner/123", null);
		assertThat(PrefetchTokens.fill("Observation?date=gt{{today() - 90 days}}", context)).isEmpty();
		assertThat(PrefetchTokens.fill("Patient/{{context.patientId", context)).isEmpty();
		assertThat(PrefetchTokens.fill("Encounter/{{context.encounterId}}", context)).isEmpty();
		assertThat(PrefetchTokens.fill("Encounter/{{context.encounterId}}", context("Practitioner/123", "e-1")))
			.contains("Encounter/e-1");
	}

	@Test
	void aServiceWithAnUnknownTokenStopsStartup() {
		new ApplicationContextRunner().withUserConfiguration(ServiceWithUnknownToken.class).run((started) -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause()
				.hasMessageContaining("Prefetch template 'user'")
				.hasMessageContaining("unknown token {{context.user}}");
		});
	}

	private static HookContext context(String userId, String encounterId) {
		Map<String, String> primitives = new java.util.HashMap<>(Map.of("patientId", "p-1", "userId", userId));
		if (encounterId != null) {
			primitives.put("encounterId", encounterId);
		}
		return new HookContext(userId, "p-1", encounterId, List.of(), null, primitives);
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceWithUnknownToken {

		@Bean
		ServiceDescriptor descriptor() {
			return new ServiceDescriptor("order-select", "bad", "Bad", "A service with a token no EHR can fill",
					Map.of("user", "Practitioner/{{context.user}}"), null);
		}

	}

}
