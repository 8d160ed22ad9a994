package org.ldncds.knowledge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.ClinicalFacts;
import org.ldncds.facts.FactMapper;
import org.ldncds.facts.IndicationFact;
import org.ldncds.facts.ReviewScope;
import org.ldncds.fhir.InProcessFhirServer;
import org.ldncds.fhir.PatientRecord;
import org.ldncds.hooks.HookContext;
import org.ldncds.knowledge.TerminologyServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional terminology server, against a real HAPI FHIR server whose
 * {@code ValueSet/$validate-code} knows that a (test-only) code is in the fibromyalgia
 * value set, as a server with SNOMED CT subsumption would.
 */
class TerminologyServerTest {

	private static final String SCT = "http://snomed.info/sct";

	private static final String FIBROMYALGIA = "http://ldn-cds.org/fhir/ValueSet/ldn-indication-fibromyalgia";

	private static final String MULTIPLE_SCLEROSIS = "http://ldn-cds.org/fhir/ValueSet/ldn-indication-multiple-sclerosis";

	/** Not a real SNOMED CT code: only this test's server knows it. */
	private static final String SUBTYPE = "test-subtype-of-fibromyalgia";

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@RegisterExtension
	final InProcessFhirServer server = new InProcessFhirServer().openAccess().alsoServe(new ValidateCode());

	@Test
	void asksTheServerAndCachesItsAnswers() {
		TerminologyServer terminology = client(Duration.ofSeconds(5));
		Map<String, Answer> answers = terminology.validate(List.of(FIBROMYALGIA, MULTIPLE_SCLEROSIS), SCT, SUBTYPE);
		assertThat(answers).containsEntry(FIBROMYALGIA, Answer.MEMBER)
			.containsEntry(MULTIPLE_SCLEROSIS, Answer.NOT_MEMBER);
		int asked = validateCodeRequests();
		assertThat(asked).isEqualTo(2);
		assertThat(terminology.validate(List.of(FIBROMYALGIA, MULTIPLE_SCLEROSIS), SCT, SUBTYPE)).isEqualTo(answers);
		assertThat(validateCodeRequests()).as("answered from the cache").isEqualTo(asked);
	}

	@Test
	void aFailingServerIsUnknownAndNotCached() {
		server.failWith(500);
		TerminologyServer terminology = client(Duration.ofSeconds(5));
		assertThat(terminology.validate(List.of(FIBROMYALGIA), SCT, SUBTYPE)).containsEntry(FIBROMYALGIA,
				Answer.UNKNOWN);
		assertThat(terminology.validate(List.of(FIBROMYALGIA), SCT, SUBTYPE)).containsEntry(FIBROMYALGIA,
				Answer.UNKNOWN);
		assertThat(validateCodeRequests()).as("asked again").isEqualTo(2);
	}

	@Test
	void aSlowServerIsUnknownWithinTheTimeout() {
		server.answerAfter(Duration.ofSeconds(3));
		TerminologyServer terminology = client(Duration.ofMillis(300));
		long start = System.nanoTime();
		Map<String, Answer> answers = terminology.validate(List.of(FIBROMYALGIA, MULTIPLE_SCLEROSIS), SCT, SUBTYPE);
		long elapsedMs = (System.nanoTime() - start) / 1_000_000;
		assertThat(answers).containsEntry(FIBROMYALGIA, Answer.UNKNOWN)
			.containsEntry(MULTIPLE_SCLEROSIS, Answer.UNKNOWN);
		assertThat(elapsedMs).isLessThan(1500);
	}

	@Test
	void anUnreachableServerIsUnknown() {
		TerminologyServer terminology = new TerminologyServer(InProcessFhirServer.unreachableBaseUrl(),
				Duration.ofMillis(500), 100, Duration.ofHours(1), FHIR);
		assertThat(terminology.validate(List.of(FIBROMYALGIA), SCT, SUBTYPE)).containsEntry(FIBROMYALGIA,
				Answer.UNKNOWN);
	}

	@Test
	void aConditionCodeTheKnowledgeBaseLacksIsRecognisedThroughTheServer() {
		Condition condition = new Condition();
		condition.setId("sub");
		condition.getClinicalStatus()
			.addCoding()
			.setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical")
			.setCode("active");
		condition.getCode().addCoding().setSystem(SCT).setCode(SUBTYPE);
		HookContext context = new HookContext("Practitioner/doc", "p", null, List.of(), null, Map.of("patientId", "p"));
		PatientRecord record = PatientRecord.of(List.of(condition));

		ClinicalFacts without = KnowledgeFixtures.factMapper().map(context, record, ReviewScope.CHART);
		assertThat(without.indications()).isEmpty();

		FactMapper withServer = new FactMapper(KnowledgeFixtures.knowledge(), KnowledgeFixtures.TODAY,
				Optional.of(client(Duration.ofSeconds(5))));
		ClinicalFacts with = withServer.map(context, record, ReviewScope.CHART);
		assertThat(with.indications()).extracting(IndicationFact::indication)
			.containsExactly("ldn-indication-fibromyalgia");
		assertThat(with.conditions().get(0).recognisedByName("ldn-indication-fibromyalgia")).isFalse();
	}

	private TerminologyServer client(Duration timeout) {
		return new TerminologyServer(server.baseUrl(), timeout, 100, Duration.ofHours(1), FHIR);
	}

	private int validateCodeRequests() {
		return (int) server.requests().stream().filter((request) -> request.path().contains("$validate-code")).count();
	}

	/**
	 * A terminology server's {@code ValueSet/$validate-code}, for one known membership.
	 */
	public static final class ValidateCode {

		private static final Map<String, Set<String>> MEMBERS = Map.of(FIBROMYALGIA, Set.of(SCT + "|" + SUBTYPE));

		@Operation(name = "$validate-code", typeName = "ValueSet", idempotent = true)
		public Parameters validateCode(@OperationParam(name = "url") UriType url,
				@OperationParam(name = "system") UriType system, @OperationParam(name = "code") CodeType code) {
			boolean member = MEMBERS.getOrDefault(url.getValue(), Set.of())
				.contains(system.getValue() + "|" + code.getValue());
			Parameters parameters = new Parameters();
			parameters.addParameter().setName("result").setValue(new BooleanType(member));
			return parameters;
		}

	}

}
