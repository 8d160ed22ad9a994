package org.ldncds.knowledge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The clinical knowledge kept as FHIR resources in {@code fhir-profiles/}: value sets,
 * the sources cards cite (a Library) and the reasons a clinician may give for overriding
 * a card (a CodeSystem). Loaded once at startup; immutable afterwards.
 */
public final class KnowledgeBase {

	/** The Library whose related artifacts are the citations rules may use. */
	public static final String EVIDENCE_LIBRARY_ID = "ldn-evidence";

	/** The CodeSystem of override reasons cards offer. */
	public static final String OVERRIDE_REASONS_ID = "ldn-override-reasons";

	/** The CodeSystem of evidence grades, strongest first. */
	public static final String EVIDENCE_GRADES_ID = "ldn-evidence-grade";

	static final String EVIDENCE_GRADE_EXTENSION = "http://ldn-cds.org/fhir/StructureDefinition/ldn-evidence-grade";

	static final String EVIDENCE_SUMMARY_EXTENSION = "http://ldn-cds.org/fhir/StructureDefinition/ldn-evidence-summary";

	private final Terminology terminology;

	private final Map<String, Citation> citations;

	private final Map<String, Coding> overrideReasons;

	private final Map<String, Indication> indications;

	private final String version;

	private KnowledgeBase(Terminology terminology, Map<String, Citation> citations, Map<String, Coding> overrideReasons,
			Map<String, Indication> indications, String version) {
		this.terminology = terminology;
		this.citations = Collections.unmodifiableMap(new LinkedHashMap<>(citations));
		this.overrideReasons = Collections.unmodifiableMap(new LinkedHashMap<>(overrideReasons));
		this.indications = Map.copyOf(indications);
		this.version = version;
	}

	/**
	 * Reads every JSON file of the folder as a FHIR resource.
	 * @throws IllegalStateException naming the file that is not valid FHIR JSON
	 */
	public static KnowledgeBase load(KnowledgeFolder folder, FhirContext fhirContext) {
		return from(readResources(folder, fhirContext));
	}

	/**
	 * Every JSON file of the folder as a FHIR resource, in file order.
	 * @throws IllegalStateException naming the file that is not valid FHIR JSON
	 */
	public static List<IBaseResource> readResources(KnowledgeFolder folder, FhirContext fhirContext) {
		IParser parser = fhirContext.newJsonParser();
		List<IBaseResource> resources = new ArrayList<>();
		for (KnowledgeFolder.KnowledgeFile file : folder.files(".json")) {
			try {
				resources.add(parser.parseResource(file.text()));
			}
			catch (DataFormatException ex) {
				throw new IllegalStateException(
						"Knowledge file " + folder.location() + file.name() + " is not FHIR JSON: " + ex.getMessage(),
						ex);
			}
		}
		return resources;
	}

	public static KnowledgeBase from(List<IBaseResource> resources) {
		Terminology terminology = Terminology.from(ofType(resources, ValueSet.class),
				ofType(resources, NamingSystem.class));
		Library evidence = byId(resources, Library.class, EVIDENCE_LIBRARY_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no Library/" + EVIDENCE_LIBRARY_ID));
		CodeSystem reasons = byId(resources, CodeSystem.class, OVERRIDE_REASONS_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no CodeSystem/" + OVERRIDE_REASONS_ID));
		CodeSystem grades = byId(resources, CodeSystem.class, EVIDENCE_GRADES_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no CodeSystem/" + EVIDENCE_GRADES_ID));
		return new KnowledgeBase(terminology, citationsOf(evidence), reasonsOf(reasons),
				indicationsOf(ofType(resources, ValueSet.class), grades), evidence.getVersion());
	}

	public Terminology terminology() {
		return terminology;
	}

	/** The citation rules refer to by key, if the knowledge base has it. */
	public Optional<Citation> citation(String key) {
		return Optional.ofNullable(citations.get(key));
	}

	/** Every citation, in the order of the evidence Library. */
	public List<Citation> citations() {
		return List.copyOf(citations.values());
	}

	/** Every override reason with its display, in the order of its CodeSystem. */
	public List<Coding> overrideReasons() {
		return overrideReasons.values().stream().map(Coding::copy).toList();
	}

	/** The override reason with its display, if the knowledge base has it. */
	public Optional<Coding> overrideReason(String code) {
		return Optional.ofNullable(overrideReasons.get(code)).map(Coding::copy);
	}

	/** The LDN indication whose codes the value set holds, if it is one. */
	public Optional<Indication> indication(String valueSetId) {
		return Optional.ofNullable(indications.get(valueSetId));
	}

	/** The version of the knowledge base, as published in its evidence Library. */
	public String version() {
		return version;
	}

	private static Map<String, Citation> citationsOf(Library library) {
		Map<String, Citation> citations = new LinkedHashMap<>();
		for (RelatedArtifact artifact : library.getRelatedArtifact()) {
			citations.put(artifact.getLabel(),
					new Citation(artifact.getLabel(), artifact.getDisplay(), artifact.getUrl()));
		}
		return citations;
	}

	private static Map<String, Coding> reasonsOf(CodeSystem codeSystem) {
		Map<String, Coding> reasons = new LinkedHashMap<>();
		codeSystem.getConcept()
			.forEach((concept) -> reasons.put(concept.getCode(),
					new Coding(codeSystem.getUrl(), concept.getCode(), concept.getDisplay())));
		return reasons;
	}

	/** Value sets that carry an evidence grade are LDN indications. */
	private static Map<String, Indication> indicationsOf(List<ValueSet> valueSets, CodeSystem grades) {
		List<String> gradeOrder = grades.getConcept().stream().map((concept) -> concept.getCode()).toList();
		Map<String, Indication> indications = new HashMap<>();
		for (ValueSet valueSet : valueSets) {
			if (!valueSet.hasExtension(EVIDENCE_GRADE_EXTENSION)) {
				continue;
			}
			String grade = valueSet.getExtensionByUrl(EVIDENCE_GRADE_EXTENSION).getValue().primitiveValue();
			if (!gradeOrder.contains(grade)) {
				throw new IllegalStateException("ValueSet/" + valueSet.getIdElement().getIdPart()
						+ " has an evidence grade not in CodeSystem/" + EVIDENCE_GRADES_ID + ": " + grade);
			}
			String id = valueSet.getIdElement().getIdPart();
			String title = valueSet.getTitle() == null ? id : valueSet.getTitle();
			String name = title.contains(":") ? title.substring(title.indexOf(':') + 1).strip() : title;
			String evidence = valueSet.hasExtension(EVIDENCE_SUMMARY_EXTENSION)
					? valueSet.getExtensionByUrl(EVIDENCE_SUMMARY_EXTENSION).getValue().primitiveValue() : "";
			indications.put(id,
					new Indication(id, name, grade, grades.getConcept().get(gradeOrder.indexOf(grade)).getDisplay(),
							gradeOrder.indexOf(grade), evidence));
		}
		return indications;
	}

	private static <T extends IBaseResource> List<T> ofType(List<IBaseResource> resources, Class<T> type) {
		return resources.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static <T extends IBaseResource> Optional<T> byId(List<IBaseResource> resources, Class<T> type, String id) {
		return ofType(resources, type).stream()
			.filter((resource) -> id.equals(resource.getIdElement().getIdPart()))
			.findFirst();
	}

}
