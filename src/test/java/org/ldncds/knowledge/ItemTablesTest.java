package org.ldncds.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table shown inside a repeated section turns each item's word into text, and its rows
 * may use the item's fields: a list of records, each said its own way ("current
 * condition", "encounter diagnosis of 2026-09-21"). Such a table counts as shown, and its
 * rows' placeholders are the items' fields, not values the rule must give.
 */
class ItemTablesTest {

	private static final String TEMPLATE = """
			---
			indicator: warning
			summary: Pregnancy ({*latest}{kind}{/latest})
			citations: naltrexone-label
			kind:
			  CONDITION: **{name}**: current condition
			  DIAGNOSIS: **{name}**: encounter diagnosis of {day}, {recency}
			recency:
			  YESTERDAY: yesterday
			  EARLIER: {daysAgo} days ago
			---
			Recorded:

			{*records}
			- {kind}
			{/records}
			""";

	/** One record, with the fields the template shows. */
	record Evidence(String kind, String name, String day, Integer daysAgo, String recency) {
	}

	@Test
	void aTableInARepeatedSectionShowsEachItemsRowWithItsFields() {
		List<KnowledgeProblem> problems = new ArrayList<>();
		CardTemplate template = CardTemplate.parse("cards/test.md", TEMPLATE, problems).orElseThrow();
		assertThat(problems).isEmpty();

		Evidence condition = new Evidence("CONDITION", "Normal pregnancy", null, null, null);
		Evidence diagnosis = new Evidence("DIAGNOSIS", "Pregnancy", "2026-09-21", 61, "EARLIER");
		CardTemplate.Rendered rendered = template.render("A rule", null,
				Map.of("records", List.of(condition, diagnosis), "latest", List.of(diagnosis)), List.of());

		assertThat(rendered.summary())
			.isEqualTo("Pregnancy (**Pregnancy**: encounter diagnosis of 2026-09-21, 61 days ago)");
		assertThat(rendered.detail()).isEqualTo("""
				Recorded:

				- **Normal pregnancy**: current condition
				- **Pregnancy**: encounter diagnosis of 2026-09-21, 61 days ago""");
	}

	@Test
	void theRowsOfATableShownOnlyForItemsUseTheItemsFieldsNotTheRulesValues() {
		List<KnowledgeProblem> problems = new ArrayList<>();
		CardTemplate template = CardTemplate.parse("cards/test.md", TEMPLATE, problems).orElseThrow();
		List<TemplateText.Use> outer = new ArrayList<>();
		List<TemplateText.Use> inner = new ArrayList<>();
		template.collectUses(outer, inner);

		assertThat(outer).extracting(TemplateText.Use::name).containsOnly("latest", "records");
		assertThat(inner).extracting(TemplateText.Use::name).contains("name", "day", "daysAgo", "recency", "kind");
	}

	@Test
	void aTableShownNowhereIsStillRefused() {
		List<KnowledgeProblem> problems = new ArrayList<>();
		CardTemplate.parse("cards/test.md",
				TEMPLATE.replace("- {kind}", "- {name}").replace("{*latest}{kind}", "{*latest}{name}"), problems);
		assertThat(problems).extracting(KnowledgeProblem::toString)
			.containsExactly("cards/test.md:5: the table kind is not used: show it with {kind}");
	}

}
