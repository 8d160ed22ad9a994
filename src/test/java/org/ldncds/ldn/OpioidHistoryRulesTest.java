package org.ldncds.ldn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;
import org.ldncds.KnowledgeFixtures;
import org.ldncds.facts.Advice;
import org.ldncds.facts.ConditionFact;
import org.ldncds.facts.MedicationExposure;
import org.ldncds.facts.MedicationExposure.EndBasis;
import org.ldncds.facts.MedicationFact;
import org.ldncds.facts.MedicationRole;
import org.ldncds.facts.ObservationFact;
import org.ldncds.facts.ObservationFact.Result;
import org.ldncds.hooks.Action;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;
import org.ldncds.rules.RuleOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The rules of rules/ldn/opioid-history.drl (and where they meet opioid-interaction.drl
 * and opioid-antagonists.drl), on facts, without Spring or FHIR. Today is 2026-11-21.
 */
class OpioidHistoryRulesTest {

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

	private static final String RECENT = "naltrexone-recent-opioid";

	private static final String SCREEN = "naltrexone-positive-opioid-screen";

	private static final MedicationFact LDN = new MedicationFact("MedicationRequest/ldn", "LDN 1.5 mg",
			Set.of("naltrexone-products"), 1.5, 1.0, null, null, MedicationRole.UNDER_REVIEW);

	@Test
	void aShortActingOpioidCountsForTenDaysAfterItEnded() {
		assertThat(problems(LDN, ended("tramadol", Set.of("opioids"), 10))).containsExactly(RECENT);
		assertThat(problems(LDN, ended("tramadol", Set.of("opioids"), 11))).isEmpty();
	}

	@Test
	void methadoneAndBuprenorphineCountForFourteenDays() {
		Set<String> methadone = Set.of("opioids", "opioids-two-week-interval");
		assertThat(problems(LDN, ended("methadone", methadone, 14))).containsExactly(RECENT);
		assertThat(problems(LDN, ended("methadone", methadone, 15))).isEmpty();
	}

	@Test
	void theCardSaysWhenItEndedWhichRecordShowsItAndUntilWhen() {
		Card card = only(evaluate(LDN, ended("tramadol 50 MG Oral Tablet", Set.of("opioids"), 3)));
		assertThat(card.indicator()).isEqualTo(Indicator.CRITICAL);
		assertThat(card.summary())
			.isEqualTo("Naltrexone with recent opioid use (tramadol 50 MG Oral Tablet, ended 3 days ago): "
					+ "not opioid-free")
			.hasSizeLessThan(140);
		assertThat(card.detail())
			.contains("**tramadol 50 MG Oral Tablet**: order, stopped; ended 3 days ago "
					+ "(2026-11-18) (MedicationRequest/tramadol 50 MG Oral Tablet; date from the end of the order's "
					+ "validity period). 10-day interval: until 2026-11-28.")
			.contains("7 to 10 days");
		assertThat(card.source().label())
			.startsWith(KnowledgeFixtures.knowledge().citation("naltrexone-label").orElseThrow().label());
		assertThat(card.suggestions()).singleElement().satisfies((suggestion) -> {
			assertThat(suggestion.label()).isEqualTo("Remove the naltrexone order");
			assertThat(suggestion.actions()).extracting(Action::type, Action::resourceId)
				.containsExactly(tuple("delete", "MedicationRequest/ldn"));
		});
		assertThat(card.overrideReasons())
			.anySatisfy((reason) -> assertThat(reason.code()).isEqualTo("opioid-free-confirmed"));
	}

	@Test
	void anOpioidTakenNowByAStatementCounts() {
		MedicationExposure statement = new MedicationExposure("MedicationStatement/s", "oxycodone", Set.of("opioids"),
				"MedicationStatement", "active", null, null, EndBasis.NOT_ENDED);
		Card card = only(evaluate(LDN, statement));
		assertThat(card.summary()).contains("oxycodone, taken now");
		assertThat(card.detail()).contains("medication statement, active; taken now (MedicationStatement/s).")
			.contains("not yet ended");
	}

	@Test
	void aCurrentOpioidOrderKeepsItsOwnCardAndNoSecond() {
		MedicationFact oxycodone = new MedicationFact("MedicationRequest/oxy", "oxycodone", Set.of("opioids"), null,
				null, null, null, MedicationRole.ON_RECORD);
		assertThat(problems(LDN, oxycodone, ended("tramadol", Set.of("opioids"), 2)))
			.containsExactly("naltrexone-opioid-interaction");
	}

	@Test
	void aPositiveUrineScreenOfTheLastFourteenDaysIsCritical() {
		assertThat(problems(LDN, screen("uds", 14, Result.POSITIVE))).containsExactly(SCREEN);
		assertThat(problems(LDN, screen("uds", 15, Result.POSITIVE))).isEmpty();
		assertThat(problems(LDN, screen("uds", 3, Result.NEGATIVE))).isEmpty();
		assertThat(problems(LDN, screen("uds", 3, null))).isEmpty();
	}

	@Test
	void aLaterNegativeScreenOutweighsAPositiveOne() {
		assertThat(problems(LDN, screen("pos", 10, Result.POSITIVE), screen("neg", 2, Result.NEGATIVE))).isEmpty();
		assertThat(problems(LDN, screen("neg", 10, Result.NEGATIVE), screen("pos", 2, Result.POSITIVE)))
			.containsExactly(SCREEN);
	}

	@Test
	void recentUseAndAPositiveScreenAreOneConcernOneCard() {
		List<RuleOutcome.Fired<Advice>> fired = evaluate(LDN, ended("tramadol", Set.of("opioids"), 3),
				screen("uds", 2, Result.POSITIVE));
		assertThat(fired).extracting((each) -> each.output().key()).containsExactly(RECENT);
		assertThat(only(fired).detail()).contains("Observation/uds");
	}

	@Test
	void recentUseSilencesTheDocumentedDependenceWarningAndThePamoraWarning() {
		ConditionFact dependence = new ConditionFact("Condition/oud", "Opioid dependence",
				Set.of("opioid-use-disorder"));
		MedicationFact naloxegol = new MedicationFact("MedicationRequest/nal", "naloxegol", Set.of("pamoras"), null,
				null, null, null, MedicationRole.ON_RECORD);
		assertThat(problems(LDN, dependence)).containsExactly("naltrexone-opioid-history");
		assertThat(problems(LDN, naloxegol)).containsExactly("naltrexone-pamora");
		assertThat(problems(LDN, dependence, naloxegol, ended("tramadol", Set.of("opioids"), 3)))
			.containsExactly(RECENT);
	}

	@Test
	void anOpioidAntidiarrhealOrARescueAntagonistTakenRecentlyIsNotAnOpioid() {
		assertThat(problems(LDN, ended("loperamide", Set.of("opioid-antidiarrheals"), 1),
				ended("nalmefene", Set.of("opioid-antagonists"), 1)))
			.isEmpty();
	}

	private static MedicationExposure ended(String name, Set<String> valueSets, int daysAgo) {
		return new MedicationExposure("MedicationRequest/" + name, name, valueSets, "MedicationRequest", "stopped",
				TODAY.minusDays(daysAgo), daysAgo, EndBasis.VALIDITY_PERIOD);
	}

	private static ObservationFact screen(String id, int daysAgo, Result result) {
		return new ObservationFact("Observation/" + id, "Opiates [Presence] in Urine by Screen method",
				Set.of("lab-opiate-urine-screen"), Set.of(), null, result, TODAY.minusDays(daysAgo), daysAgo);
	}

	private static Card only(List<RuleOutcome.Fired<Advice>> fired) {
		assertThat(fired).hasSize(1);
		Bundle drafts = new Bundle();
		drafts.addEntry().setResource(new MedicationRequest().setId("MedicationRequest/ldn"));
		return KnowledgeFixtures.cardFactory().cardsFor(fired, drafts).get(0).card();
	}

	/** The advice of the naltrexone rules, without the LDN suitability and dose cards. */
	private static List<RuleOutcome.Fired<Advice>> evaluate(Object... facts) {
		return KnowledgeFixtures.rules()
			.evaluate(List.of(facts), Advice.class)
			.outputs()
			.stream()
			.filter((fired) -> fired.output().key().startsWith("naltrexone-"))
			.toList();
	}

	private static List<String> problems(Object... facts) {
		List<String> problems = new ArrayList<>();
		evaluate(facts).forEach((fired) -> problems.add(fired.output().key()));
		return problems;
	}

}
