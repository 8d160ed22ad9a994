package org.ldncds.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The card template language (rules/README.md), one construct at a time. */
class CardTemplateTest {

	private static final String RULE = "A rule";

	/** A drug, as facts are: a record with a name. */
	record Drug(String id, String name, Double dailyDoseMg) {
	}

	/** An indication with fields a repeated section shows. */
	record Finding(String name, String grade, boolean recognisedByName) {
	}

	@Test
	void aPlaceholderShowsTheValue() {
		assertThat(detail("Take {dose} mg.", Map.of("dose", 4.5))).isEqualTo("Take 4.5 mg.");
		assertThat(detail("Take {dose} mg.", Map.of("dose", 50.0))).isEqualTo("Take 50 mg.");
		assertThat(detail("Aged {age}.", Map.of("age", 17))).isEqualTo("Aged 17.");
		assertThat(detail("Why: {why}.", Map.of("why", Thread.State.NEW))).isEqualTo("Why: NEW.");
	}

	@Test
	void aFactShowsItsNameAndAListItsDistinctNames() {
		List<Drug> drugs = List.of(new Drug("a", "oxycodone", 5.0), new Drug("b", "morphine", 10.0),
				new Drug("c", "oxycodone", 10.0));
		assertThat(detail("With {drugs}.", Map.of("drugs", drugs))).isEqualTo("With oxycodone, morphine.");
		assertThat(detail("With {drug}.", Map.of("drug", drugs.get(1)))).isEqualTo("With morphine.");
	}

	@Test
	void maxShortensTextAndCountsNamesThatDoNotFit() {
		List<String> names = List.of("oxycodone", "morphine", "fentanyl");
		assertThat(detail("{names|max:25}", Map.of("names", names))).isEqualTo("oxycodone, +2 more");
		assertThat(detail("{name|max:10}", Map.of("name", "x".repeat(80)))).isEqualTo("x".repeat(9) + "…");
		assertThat(detail("{grade|lower}", Map.of("grade", "Small or mixed trials")))
			.isEqualTo("small or mixed trials");
	}

	@Test
	void aSectionShowsItsTextWhenTheValueIsThere() {
		String text = "Dose: {#dose}{dose} mg{/dose}{^dose}unknown{/dose}.";
		assertThat(detail(text, Map.of("dose", 1.5))).isEqualTo("Dose: 1.5 mg.");
		Map<String, Object> noDose = new HashMap<>();
		noDose.put("dose", null);
		assertThat(detail(text, noDose)).isEqualTo("Dose: unknown.");
		assertThat(detail("{#byName}By name.{/byName}{^byName}By code.{/byName}", Map.of("byName", false)))
			.isEqualTo("By code.");
		assertThat(detail("{#drugs}Some.{/drugs}{^drugs}None.{/drugs}", Map.of("drugs", List.of()))).isEqualTo("None.");
	}

	@Test
	void aSectionWithAWordShowsItsTextWhenTheValueIsThatWord() {
		String text = "{#grade=theoretical}No trials.{/grade}{^grade=theoretical}Trials.{/grade}";
		assertThat(detail(text, Map.of("grade", "theoretical"))).isEqualTo("No trials.");
		assertThat(detail(text, Map.of("grade", "small-trials"))).isEqualTo("Trials.");
	}

	@Test
	void aRepeatedSectionShowsEachItemWithItsFields() {
		List<Finding> findings = List.of(new Finding("Fibromyalgia", "small-trials", false),
				new Finding("ALS", "theoretical", true));
		String text = """
				Found:

				{*findings}
				- **{name}**{#recognisedByName} (by name){/recognisedByName}{#grade=theoretical}, no trials{/grade}
				{/findings}

				{count} in all.""";
		assertThat(detail(text, Map.of("findings", findings, "count", 2)))
			.isEqualTo("Found:\n\n- **Fibromyalgia**\n- **ALS** (by name), no trials\n\n2 in all.");
	}

	@Test
	void aLineHoldingOnlyASectionTagTakesNoRoom() {
		String text = """
				First.
				{#note}

				Note.
				{/note}""";
		assertThat(detail(text, Map.of("note", true))).isEqualTo("First.\n\nNote.");
		assertThat(detail(text, Map.of("note", false))).isEqualTo("First.");
	}

	@Test
	void aTableGivesWordsForTheWordTheRuleGives() {
		CardTemplate template = template("""
				---
				indicator: info
				summary: No dose: {why}
				why:
				  NO_DOSE: nothing at all
				  NO_VALUE: a unit without a value in '{subject|max:10}'
				---
				Because {why}.
				""");
		CardTemplate.Rendered rendered = template.render(RULE, null,
				Map.of("why", "NO_VALUE", "subject", "{puff} {puff} {puff}"), List.of());
		assertThat(rendered.summary()).isEqualTo("No dose: a unit without a value in '{puff}…'");
		assertThat(rendered.detail()).isEqualTo("Because a unit without a value in '{puff}…'.");
		assertThatThrownBy(() -> template.render(RULE, null, Map.of("why", "TOO_LONG", "subject", ""), List.of()))
			.hasMessage("cards/test.md:3: the table why (line 4) has no row for 'TOO_LONG', given by rule \"A rule\"");
	}

	@Test
	void aBackslashBraceIsABrace() {
		assertThat(detail("Units such as \\{pill} are read.", Map.of())).isEqualTo("Units such as {pill} are read.");
	}

	@Test
	void aMissingValueIsAnErrorNamingTheTemplateLineAndRuleNeverABlank() {
		assertThatThrownBy(() -> detail("One.\nTwo {dose} mg.", Map.of()))
			.hasMessage("cards/test.md:9: {dose} is not given by rule \"A rule\"");
		Map<String, Object> noDose = new HashMap<>();
		noDose.put("dose", null);
		assertThatThrownBy(() -> detail("Take {dose} mg.", noDose))
			.hasMessageStartingWith("cards/test.md:8: {dose} has no value: rule \"A rule\" gave none");
		assertThatThrownBy(() -> detail("{*drugs}{nme}{/drugs}", Map.of("drugs", List.of(new Drug("a", "b", 1.0)))))
			.hasMessage("cards/test.md:8: {nme} is not given by rule \"A rule\", nor is it a field of Drug");
	}

	@Test
	void frontMatterGivesIndicatorSummaryCitationsReasonsAndProblem() {
		CardTemplate template = template("""
				---
				# A comment.
				indicator: critical
				problem: naltrexone-opioid-interaction
				summary: Opioid ({drugs|max:20}) for a patient on naltrexone: analgesia blocked
				citations: naltrexone-label, naltrexone-er-label
				override-reasons:
				  - naltrexone-stopped
				  - supervised-transition
				---

				Detail.

				""");
		CardTemplate.Rendered rendered = template.render(RULE, null, Map.of("drugs", List.of("tramadol")), List.of());
		assertThat(rendered).isEqualTo(new CardTemplate.Rendered("naltrexone-opioid-interaction", "critical",
				"Opioid (tramadol) for a patient on naltrexone: analgesia blocked", "Detail.",
				List.of("naltrexone-label", "naltrexone-er-label"),
				List.of("naltrexone-stopped", "supervised-transition"), List.of()));
		assertThat(template.problem()).isEqualTo("naltrexone-opioid-interaction");
		assertThat(template.summaryText())
			.isEqualTo("Opioid ({drugs|max:20}) for a patient on naltrexone: analgesia blocked");
	}

	@Test
	void suggestionsAreMadeForEachOrderTheAdviceIsAbout() {
		CardTemplate template = template("""
				---
				indicator: info
				summary: Once a day
				suggestions:
				  - remove-order: Remove the {order} order
				  - change-dose {dose}: Take {dose} mg of {order} once daily
				  - change-dose 1.5: Start at 1.5 mg
				---
				Detail.
				""");
		CardTemplate.Rendered rendered = template.render(RULE, null, Map.of("dose", 3.0),
				List.of(new CardTemplate.Target("MedicationRequest/a", "LDN"),
						new CardTemplate.Target("MedicationRequest/b", "naltrexone")));
		assertThat(rendered.suggestions()).containsExactly(
				new CardTemplate.Suggestion("remove-order", "MedicationRequest/a", null, "Remove the LDN order"),
				new CardTemplate.Suggestion("remove-order", "MedicationRequest/b", null, "Remove the naltrexone order"),
				new CardTemplate.Suggestion("change-dose", "MedicationRequest/a", 3.0, "Take 3 mg of LDN once daily"),
				new CardTemplate.Suggestion("change-dose", "MedicationRequest/b", 3.0,
						"Take 3 mg of naltrexone once daily"),
				new CardTemplate.Suggestion("change-dose", "MedicationRequest/a", 1.5, "Start at 1.5 mg"),
				new CardTemplate.Suggestion("change-dose", "MedicationRequest/b", 1.5, "Start at 1.5 mg"));
	}

	@Test
	void aTitrationListsItsStepsThenTheDoseToStayOn() {
		CardTemplate template = template("""
				---
				indicator: info
				summary: Start low
				suggestions:
				  - titrate 1.5 mg for 1 week, 3 mg for 10 days, then 4.5 mg: Step up to 4.5 mg
				---
				Detail.
				""");
		CardTemplate.Rendered rendered = template.render(RULE, null, Map.of(),
				List.of(new CardTemplate.Target("MedicationRequest/a", "LDN")));
		assertThat(rendered.suggestions()).containsExactly(new CardTemplate.Suggestion(
				"titrate", "MedicationRequest/a", null, List.of(new CardTemplate.DoseStep(1.5, 1, "wk"),
						new CardTemplate.DoseStep(3, 10, "d"), new CardTemplate.DoseStep(4.5, null, null)),
				"Step up to 4.5 mg"));
		String refused = "titrate lists steps as '1.5 mg for 1 week, 3 mg for 1 week, then 4.5 mg' (at least one "
				+ "step with a duration, then the dose to stay on), not ";
		assertThat(problems("---\nindicator: info\nsummary: S\nsuggestions:\n  - titrate 1.5 mg, then 4.5 mg: Up\n"
				+ "  - titrate then 4.5 mg: Up\n  - titrate 1.5 mg for 1 week: Up\n---\nD\n"))
			.containsExactly("cards/test.md:5: " + refused + "'1.5 mg'",
					"cards/test.md:6: " + refused + "'then 4.5 mg'",
					"cards/test.md:7: " + refused + "'1.5 mg for 1 week'");
	}

	@Test
	void theIndicatorComesFromTheTemplateOrTheRuleNeverBoth() {
		CardTemplate open = template("---\nsummary: S\n---\nD\n");
		assertThat(open.render(RULE, "warning", Map.of(), List.of()).indicator()).isEqualTo("warning");
		assertThatThrownBy(() -> open.render(RULE, null, Map.of(), List.of()))
			.hasMessage("cards/test.md:1: the template sets no indicator, and rule \"A rule\" states none");
		CardTemplate fixed = template("---\nindicator: info\nsummary: S\n---\nD\n");
		assertThatThrownBy(() -> fixed.render(RULE, "warning", Map.of(), List.of()))
			.hasMessage("cards/test.md:2: the template fixes the indicator, and rule \"A rule\" states it too");
	}

	@Test
	void templatesThatCannotBeReadAreRefusedWithTheirLines() {
		assertThat(problems("no front matter")).containsExactly("cards/test.md:1: a card template starts with a front "
				+ "matter: a line ---, the fields (indicator, summary…), and another line ---");
		assertThat(problems("---\nsummary: S\n"))
			.containsExactly("cards/test.md:1: the front matter is not closed: end it with a line ---");
		assertThat(problems("---\nindicator: urgent\nsummary: S\nsuggestions:\n  - change-dose: Change\n"
				+ "  - delete-order: Delete\n---\n{/x} {#y}{/z}\n"))
			.containsExactly("cards/test.md:2: indicator is critical, warning or info, not urgent",
					"cards/test.md:5: change-dose needs the new daily dose in mg: 'change-dose 1.5: label' or "
							+ "'change-dose {dose}: label'",
					"cards/test.md:6: a suggestion is 'remove-order: label', 'change-dose <mg>: label' or "
							+ "'titrate <mg> mg for <n> weeks, …, then <mg> mg: label', not delete-order: Delete",
					"cards/test.md:8: {/x} closes no section",
					"cards/test.md:8: {/z} closes {#y} (line 8): close it with {/y}");
		assertThat(problems("---\nindicator: info\n---\n\n")).containsExactly(
				"cards/test.md:3: the card has no detail: write it below the front matter",
				"cards/test.md:1: the front matter has no summary");
	}

	private static String detail(String body, Map<String, Object> values) {
		return template("---\nindicator: info\nsummary: S\ncitations: c\n---\n\n\n" + body + "\n")
			.render(RULE, null, values, List.of())
			.detail();
	}

	private static CardTemplate template(String text) {
		List<KnowledgeProblem> problems = new ArrayList<>();
		CardTemplate template = CardTemplate.parse("cards/test.md", text, problems).orElse(null);
		assertThat(problems).isEmpty();
		return template;
	}

	private static List<String> problems(String text) {
		List<KnowledgeProblem> problems = new ArrayList<>();
		assertThat(CardTemplate.parse("cards/test.md", text, problems)).isEmpty();
		return problems.stream().map(KnowledgeProblem::toString).toList();
	}

}
