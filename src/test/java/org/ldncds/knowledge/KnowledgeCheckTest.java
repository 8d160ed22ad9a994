package org.ldncds.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The knowledge check of a rules folder on disk, as a pharmacist who edits it would break
 * it: each mistake stops the check with the file and line to fix. The folder is a small
 * one written here, checked against a small FHIR knowledge made here, so that the test
 * does not change when the project's knowledge does.
 */
class KnowledgeCheckTest {

	private static final String RULE = """
			// Naltrexone in pregnancy.

			package ldn;

			import org.ldncds.facts.Advice;
			import org.ldncds.facts.ConditionFact;
			import org.ldncds.facts.MedicationFact;

			rule "Naltrexone ordered in pregnancy is a warning"
			when
			    $order : MedicationFact( underReview, inValueSet("naltrexone-products") )
			    $pregnancy : ConditionFact( inValueSet("pregnancy") )
			then
			    insert(Advice.of("naltrexone-pregnancy").about($order)
			        .with("dose", $order.dailyDoseMg())
			        .with("recognisedByName", $pregnancy.recognisedByName("pregnancy"))
			        .build());
			end
			""";

	private static final String TEMPLATE = """
			---
			indicator: warning
			summary: Naltrexone ({#dose}{dose} mg a day{/dose}{^dose}dose unknown{/dose}) in pregnancy
			citations: naltrexone-label
			override-reasons: benefit-outweighs-risk
			suggestions:
			  - remove-order: Remove the naltrexone order
			---
			The record shows a **pregnancy**.
			{#recognisedByName}

			*Recognised by its name.*
			{/recognisedByName}
			""";

	/** The template left without a rule when the rule no longer names it. */
	private static final String ORPHAN = "cards/naltrexone-pregnancy.md:1: no rule makes advice "
			+ "'naltrexone-pregnancy': remove the template, or make the advice with "
			+ "Advice.of(\"naltrexone-pregnancy\")";

	@TempDir
	Path rules;

	private final KnowledgeBase knowledge = KnowledgeBase.from(knowledgeResources());

	@BeforeEach
	void writeAFolderThatHoldsTogether() throws IOException {
		write("ldn/pregnancy.drl", RULE);
		write("cards/naltrexone-pregnancy.md", TEMPLATE);
		write("README.md", "Not a card template: only cards/ holds them.");
	}

	@Test
	void aFolderThatHoldsTogetherPasses() {
		CardTemplates templates = check();
		assertThat(templates.all()).extracting(CardTemplate::key).containsExactly("naltrexone-pregnancy");
	}

	@Test
	void aValueSetThatDoesNotExist() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace("inValueSet(\"pregnancy\")", "inValueSet(\"pregnacy\")"));
		assertProblem("ldn/pregnancy.drl:12: rule \"Naltrexone ordered in pregnancy is a warning\" names the value set "
				+ "'pregnacy', which is not in the FHIR knowledge (no ValueSet with that id)");
	}

	@Test
	void aValueSetNamedForRecognitionByNameThatDoesNotExist() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace("recognisedByName(\"pregnancy\")", "recognisedByName(\"pregnant\")"));
		assertProblem("ldn/pregnancy.drl:16: rule \"Naltrexone ordered in pregnancy is a warning\" names the value set "
				+ "'pregnant'");
	}

	@Test
	void aCardTemplateThatDoesNotExist() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace("\"naltrexone-pregnancy\"", "\"naltrexone-pregnant\""));
		assertProblem(ORPHAN,
				"ldn/pregnancy.drl:14: rule \"Naltrexone ordered in pregnancy is a warning\" makes advice "
						+ "'naltrexone-pregnant', but there is no card template cards/naltrexone-pregnant.md");
	}

	@Test
	void aCitationThatDoesNotExist() throws IOException {
		write("cards/naltrexone-pregnancy.md",
				TEMPLATE.replace("citations: naltrexone-label", "citations: label-2020"));
		assertProblem("cards/naltrexone-pregnancy.md:4: citation 'label-2020' is not in the evidence Library "
				+ "(Library/ldn-evidence); it has naltrexone-label");
	}

	@Test
	void aCitationWhoseShortLabelIsTooLong(@TempDir Path profiles) throws IOException {
		// The FHIR knowledge as files, so that the problem names the file and line of the
		// citation's short label (its display).
		IParser json = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true);
		for (IBaseResource resource : knowledgeResources()) {
			String id = resource.getIdElement().getIdPart();
			String text = json.encodeResourceToString(resource);
			if (resource instanceof Library) {
				text = text.replace("\"display\": \"Naltrexone label\"", "\"display\": \""
						+ "Naltrexone hydrochloride tablets, US prescribing information (DailyMed)\"");
			}
			Files.writeString(profiles.resolve(resource.fhirType() + "-" + id + ".json"), text);
		}
		KnowledgeBase fromFiles = KnowledgeBase.load(new KnowledgeFolder(profiles.toUri().toString()),
				FhirContext.forR4Cached());
		String library = Files.readString(profiles.resolve("Library-ldn-evidence.json"));
		int displayLine = library.substring(0, library.indexOf("\"display\"")).split("\n", -1).length;

		assertThatThrownBy(() -> KnowledgeCheck.check(new KnowledgeFolder(rules.toUri().toString()), fromFiles))
			.isInstanceOfSatisfying(KnowledgeCheckException.class,
					(ex) -> assertThat(ex.problems()).map(KnowledgeProblem::toString)
						.containsExactly("Library-ldn-evidence.json:" + displayLine
								+ ": citation 'naltrexone-label': the short label 'Naltrexone hydrochloride tablets, "
								+ "US prescribing information (DailyMed)' has 71 characters, more than 40: shorten "
								+ "its 'display' (e.g. \"Bruun 2024, Lancet Rheumatol\") and put the full reference "
								+ "in its 'citation'"));
		assertThat(displayLine).isGreaterThan(1);
		// At 40 characters, the label passes.
		List<IBaseResource> resources = knowledgeResources();
		resources.stream()
			.filter(Library.class::isInstance)
			.map(Library.class::cast)
			.forEach((evidence) -> evidence.getRelatedArtifactFirstRep().setDisplay("x".repeat(40)));
		assertThat(KnowledgeCheck.check(new KnowledgeFolder(rules.toUri().toString()), KnowledgeBase.from(resources))
			.all()).hasSize(1);
	}

	@Test
	void aCitationWithoutAShortLabel() {
		List<IBaseResource> resources = knowledgeResources();
		resources.stream()
			.filter(Library.class::isInstance)
			.map(Library.class::cast)
			.forEach((library) -> library.getRelatedArtifactFirstRep().setDisplay(null));
		KnowledgeBase noLabel = KnowledgeBase.from(resources);
		assertThatThrownBy(() -> KnowledgeCheck.check(new KnowledgeFolder(rules.toUri().toString()), noLabel))
			.isInstanceOfSatisfying(KnowledgeCheckException.class,
					(ex) -> assertThat(ex.problems()).map(KnowledgeProblem::toString)
						.containsExactly("Library/ldn-evidence:0: citation 'naltrexone-label' has no short label: "
								+ "give its 'display', e.g. \"Bruun 2024, Lancet Rheumatol\""));
	}

	@Test
	void anIndicationCitingASourceTheLibraryLacksStopsLoading() {
		List<IBaseResource> resources = new java.util.ArrayList<>(knowledgeResources());
		ValueSet fibromyalgia = new ValueSet();
		fibromyalgia.setId("ldn-indication-fibromyalgia");
		fibromyalgia.setUrl("http://ldn-cds.org/fhir/ValueSet/ldn-indication-fibromyalgia");
		fibromyalgia.addExtension("http://ldn-cds.org/fhir/StructureDefinition/ldn-evidence-grade",
				new org.hl7.fhir.r4.model.CodeType("theoretical"));
		fibromyalgia.addExtension("http://ldn-cds.org/fhir/StructureDefinition/ldn-evidence-citation",
				new org.hl7.fhir.r4.model.StringType("brun-2024"));
		resources.add(fibromyalgia);
		assertThatThrownBy(() -> KnowledgeBase.from(resources)).isInstanceOf(IllegalStateException.class)
			.hasMessage("ValueSet/ldn-indication-fibromyalgia cites 'brun-2024', which is not in the evidence "
					+ "Library (Library/ldn-evidence)");
	}

	@Test
	void anOverrideReasonThatDoesNotExist() throws IOException {
		write("cards/naltrexone-pregnancy.md", TEMPLATE.replace("override-reasons: benefit-outweighs-risk",
				"override-reasons:\n  - benefit-outweighs-risk\n  - patient-insists"));
		assertProblem("cards/naltrexone-pregnancy.md:7: override reason 'patient-insists' is not in "
				+ "CodeSystem/ldn-override-reasons");
	}

	@Test
	void aPlaceholderTheRuleDoesNotFill() throws IOException {
		write("cards/naltrexone-pregnancy.md",
				TEMPLATE.replace("a **pregnancy**.", "a **pregnancy** ({pregnancy|max:40})."));
		assertProblem("cards/naltrexone-pregnancy.md:9: {pregnancy} is not filled by rule \"Naltrexone ordered in "
				+ "pregnancy is a warning\" (ldn/pregnancy.drl:14), which gives dose, recognisedByName");
	}

	@Test
	void aValueTheTemplateDoesNotUse() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace(".with(\"dose\", $order.dailyDoseMg())",
				".with(\"dose\", $order.dailyDoseMg())\n        .with(\"weeks\", $order.weeksSinceStart())"));
		assertProblem("ldn/pregnancy.drl:16: rule \"Naltrexone ordered in pregnancy is a warning\" gives the value "
				+ "'weeks', which cards/naltrexone-pregnancy.md does not use");
	}

	@Test
	void aTemplateNoRuleUses() throws IOException {
		write("cards/naltrexone-pregnancy-old.md", TEMPLATE);
		assertProblem("cards/naltrexone-pregnancy-old.md:1: no rule makes advice 'naltrexone-pregnancy-old'");
	}

	@Test
	void aSuggestionWithoutAnOrderToChange() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace(".about($order)", ""));
		assertProblem("cards/naltrexone-pregnancy.md:7: the card suggests changing an order, but rule \"Naltrexone "
				+ "ordered in pregnancy is a warning\" (ldn/pregnancy.drl:14) names none");
	}

	@Test
	void anIndicatorNeitherTheTemplateNorTheRuleStates() throws IOException {
		write("cards/naltrexone-pregnancy.md", TEMPLATE.replace("indicator: warning\n", ""));
		assertProblem("cards/naltrexone-pregnancy.md:1: the template sets no indicator, and rule \"Naltrexone "
				+ "ordered in pregnancy is a warning\" (ldn/pregnancy.drl:14) states none");
	}

	@Test
	void anIndicatorStatedTwice() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace(".about($order)", ".warning().about($order)"));
		assertProblem("ldn/pregnancy.drl:14: rule \"Naltrexone ordered in pregnancy is a warning\" states the "
				+ "indicator warning, but cards/naltrexone-pregnancy.md fixes it (warning)");
	}

	@Test
	void anIndicatorTheRuleStatesIsEnoughWhenTheTemplateLeavesItOpen() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace(".about($order)", ".warning().about($order)"));
		write("cards/naltrexone-pregnancy.md", TEMPLATE.replace("indicator: warning\n", ""));
		assertThat(check().all()).hasSize(1);
	}

	@Test
	void anAdviceKeyThatIsNotQuoted() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace("Advice.of(\"naltrexone-pregnancy\")", "Advice.of(KEY)"));
		assertProblem(ORPHAN,
				"ldn/pregnancy.drl:14: rule \"Naltrexone ordered in pregnancy is a warning\": Advice.of needs "
						+ "the advice key in quotes");
	}

	@Test
	void mistakesInTheTemplateLanguage() throws IOException {
		write("cards/naltrexone-pregnancy.md",
				TEMPLATE.replace("{/recognisedByName}", "")
					.replace("({#dose}", "({dose|upper} {#dose}")
					.replace("citations: naltrexone-label", "citation: naltrexone-label"));
		assertProblems(
				"cards/naltrexone-pregnancy.md:3: {dose|upper}: unknown modifier 'upper' (there are max:N, "
						+ "at most N characters, and lower)",
				"cards/naltrexone-pregnancy.md:4: unknown field citation (the fields are indicator, problem, summary, "
						+ "citations, override-reasons and suggestions; a table has its rows on the lines below it)",
				"cards/naltrexone-pregnancy.md:10: {#recognisedByName} is not closed: end it with {/recognisedByName}");
	}

	@Test
	void aTableNobodyShowsAndABraceThatOpensNothing() throws IOException {
		write("cards/naltrexone-pregnancy.md",
				TEMPLATE.replace("---\nThe record", "why:\n  NO_DOSE: no dose\n---\nThe record { shows"));
		assertProblems("cards/naltrexone-pregnancy.md:8: the table why is not used: show it with {why}",
				"cards/naltrexone-pregnancy.md:11: a { with no } after it: write a placeholder as {name}, or \\{ for a "
						+ "brace");
	}

	@Test
	void everyProblemIsReportedAtOnceInFileAndLineOrder() throws IOException {
		write("ldn/pregnancy.drl", RULE.replace("inValueSet(\"pregnancy\")", "inValueSet(\"pregnacy\")"));
		write("cards/naltrexone-pregnancy.md", TEMPLATE.replace("citations: naltrexone-label", "citations: x"));
		assertThatThrownBy(this::check)
			.isInstanceOfSatisfying(KnowledgeCheckException.class,
					(ex) -> assertThat(ex.problems()).extracting(KnowledgeProblem::file, KnowledgeProblem::line)
						.containsExactly(org.assertj.core.groups.Tuple.tuple("cards/naltrexone-pregnancy.md", 4),
								org.assertj.core.groups.Tuple.tuple("ldn/pregnancy.drl", 12)))
			.hasMessageStartingWith("Knowledge check failed:\n  cards/naltrexone-pregnancy.md:4: citation 'x'");
	}

	private CardTemplates check() {
		return KnowledgeCheck.check(new KnowledgeFolder(rules.toUri().toString()), knowledge);
	}

	/** The problems found, in order, each starting with the text given. */
	private void assertProblem(String... problems) {
		assertThatThrownBy(this::check).isInstanceOfSatisfying(KnowledgeCheckException.class,
				(ex) -> assertThat(ex.problems()).map(KnowledgeProblem::toString)
					.hasSize(problems.length)
					.satisfies((found) -> {
						for (int i = 0; i < problems.length; i++) {
							assertThat(found.get(i)).startsWith(problems[i]);
						}
					}));
	}

	private void assertProblems(String... problems) {
		assertThatThrownBy(this::check).isInstanceOfSatisfying(KnowledgeCheckException.class,
				(ex) -> assertThat(ex.problems()).map(KnowledgeProblem::toString).containsExactly(problems));
	}

	private void write(String name, String text) throws IOException {
		Path file = rules.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

	/** Two value sets, one citation, one override reason, the evidence grades. */
	static List<IBaseResource> knowledgeResources() {
		ValueSet naltrexone = new ValueSet();
		naltrexone.setId("naltrexone-products");
		naltrexone.setUrl("http://ldn-cds.org/fhir/ValueSet/naltrexone-products");
		naltrexone.setStatus(Enumerations.PublicationStatus.ACTIVE);
		ValueSet pregnancy = new ValueSet();
		pregnancy.setId("pregnancy");
		pregnancy.setUrl("http://ldn-cds.org/fhir/ValueSet/pregnancy");
		pregnancy.setStatus(Enumerations.PublicationStatus.ACTIVE);
		Library evidence = new Library();
		evidence.setId(KnowledgeBase.EVIDENCE_LIBRARY_ID);
		evidence.setVersion("test");
		evidence.addRelatedArtifact()
			.setType(RelatedArtifact.RelatedArtifactType.CITATION)
			.setLabel("naltrexone-label")
			.setDisplay("Naltrexone label")
			.setUrl("https://example.org/label");
		CodeSystem reasons = new CodeSystem();
		reasons.setId(KnowledgeBase.OVERRIDE_REASONS_ID);
		reasons.setUrl("http://ldn-cds.org/fhir/CodeSystem/ldn-override-reasons");
		reasons.addConcept().setCode("benefit-outweighs-risk").setDisplay("Benefit outweighs risk");
		CodeSystem grades = new CodeSystem();
		grades.setId(KnowledgeBase.EVIDENCE_GRADES_ID);
		grades.addConcept().setCode("theoretical").setDisplay("Theoretical");
		return List.of(naltrexone, pregnancy, evidence, reasons, grades);
	}

}
