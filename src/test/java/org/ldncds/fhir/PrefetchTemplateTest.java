package org.ldncds.fhir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.HookContext;

import static org.assertj.core.api.Assertions.assertThat;

class PrefetchTemplateTest {

	@Test
	void fillsContextTokensFromTheCallContext() {
		HookContext context = context("Practitioner/example-prescriber",
				Map.of("patientId", "example-patient", "encounterId", "visit-1"));

		assertThat(PrefetchTemplate.fill(
				"MedicationRequest?patient={{context.patientId}}&encounter={{context.encounterId}}&status=active",
				context))
			.contains("MedicationRequest?patient=example-patient&encounter=visit-1&status=active");
	}

	@Test
	void allowsSpacesInsideTheBraces() {
		HookContext context = context(null, Map.of("patientId", "example-patient"));

		assertThat(PrefetchTemplate.fill("Patient/{{ context.patientId }}", context))
			.contains("Patient/example-patient");
	}

	@Test
	void fillsUserTokensFromTheUserReference() {
		HookContext context = context("Practitioner/example-prescriber", Map.of());

		assertThat(PrefetchTemplate.fill("Practitioner/{{userPractitionerId}}", context))
			.contains("Practitioner/example-prescriber");
		assertThat(PrefetchTemplate.fill("PractitionerRole?practitioner={{userPractitionerId}}", context))
			.contains("PractitionerRole?practitioner=example-prescriber");
	}

	@Test
	void givesNothingForAUserTokenOfAnotherKindOfUser() {
		HookContext context = context("Practitioner/example-prescriber", Map.of());

		assertThat(PrefetchTemplate.fill("Patient/{{userPatientId}}", context)).isEmpty();
		assertThat(PrefetchTemplate.fill("PractitionerRole/{{userPractitionerRoleId}}", context)).isEmpty();
	}

	@Test
	void givesNothingWhenATokenHasNoValue() {
		HookContext context = context(null, Map.of("patientId", "example-patient"));

		assertThat(PrefetchTemplate.fill("Encounter/{{context.encounterId}}", context)).isEmpty();
		assertThat(PrefetchTemplate.fill("Practitioner/{{userPractitionerId}}", context)).isEmpty();
		assertThat(PrefetchTemplate.fill("Patient/{{unknownToken}}", context)).isEmpty();
	}

	@Test
	void givesNothingWhenAValueCouldChangeTheQuery() {
		assertThat(PrefetchTemplate.fill("Condition?patient={{context.patientId}}",
				context(null, Map.of("patientId", "example-patient&_count=1000"))))
			.isEmpty();
		assertThat(PrefetchTemplate.fill("Patient/{{context.patientId}}",
				context(null, Map.of("patientId", "other-patient/_history"))))
			.isEmpty();
		assertThat(PrefetchTemplate.fill("Patient/{{context.patientId}}", context(null, Map.of("patientId", ""))))
			.isEmpty();
		assertThat(PrefetchTemplate.fill("Patient/{{context.patientId}}",
				context(null, Map.of("patientId", "x".repeat(65)))))
			.isEmpty();
		assertThat(PrefetchTemplate.fill("Practitioner/{{userPractitionerId}}",
				context("Practitioner/p-1?_include=*", Map.of())))
			.isEmpty();
	}

	@Test
	void leavesATemplateWithoutTokensAsItIs() {
		assertThat(PrefetchTemplate.fill("Medication?code=1049621", context(null, Map.of())))
			.contains("Medication?code=1049621");
	}

	/**
	 * A context as the parser makes it: its primitive fields as text, for tokens. The
	 * typed fields are filled from them where they exist, as a parsed call has them.
	 */
	private static HookContext context(String userId, Map<String, String> primitives) {
		Map<String, String> allPrimitives = new HashMap<>(primitives);
		if (userId != null) {
			allPrimitives.put("userId", userId);
		}
		return new HookContext(userId, primitives.get("patientId"), primitives.get("encounterId"), List.of(), null,
				allPrimitives);
	}

}
