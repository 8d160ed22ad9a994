package org.ldncds.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
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

	private final Terminology terminology;

	private final Map<String, Citation> citations;

	private final Map<String, Coding> overrideReasons;

	private final String version;

	private KnowledgeBase(Terminology terminology, Map<String, Citation> citations, Map<String, Coding> overrideReasons,
			String version) {
		this.terminology = terminology;
		this.citations = Map.copyOf(citations);
		this.overrideReasons = Map.copyOf(overrideReasons);
		this.version = version;
	}

	/**
	 * Reads every JSON file of the folder as a FHIR resource.
	 * @throws IllegalStateException naming the file that is not valid FHIR JSON
	 */
	public static KnowledgeBase load(KnowledgeFolder folder, FhirContext fhirContext) {
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
		return from(resources);
	}

	public static KnowledgeBase from(List<IBaseResource> resources) {
		Terminology terminology = Terminology.from(ofType(resources, ValueSet.class),
				ofType(resources, NamingSystem.class));
		Library evidence = byId(resources, Library.class, EVIDENCE_LIBRARY_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no Library/" + EVIDENCE_LIBRARY_ID));
		CodeSystem reasons = byId(resources, CodeSystem.class, OVERRIDE_REASONS_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no CodeSystem/" + OVERRIDE_REASONS_ID));
		return new KnowledgeBase(terminology, citationsOf(evidence), reasonsOf(reasons), evidence.getVersion());
	}

	public Terminology terminology() {
		return terminology;
	}

	/** The citation rules refer to by key, if the knowledge base has it. */
	public Optional<Citation> citation(String key) {
		return Optional.ofNullable(citations.get(key));
	}

	/** The override reason with its display, if the knowledge base has it. */
	public Optional<Coding> overrideReason(String code) {
		return Optional.ofNullable(overrideReasons.get(code)).map(Coding::copy);
	}

	/** The version of the knowledge base, as published in its evidence Library. */
	public String version() {
		return version;
	}

	private static Map<String, Citation> citationsOf(Library library) {
		Map<String, Citation> citations = new HashMap<>();
		for (RelatedArtifact artifact : library.getRelatedArtifact()) {
			citations.put(artifact.getLabel(),
					new Citation(artifact.getLabel(), artifact.getDisplay(), artifact.getUrl()));
		}
		return citations;
	}

	private static Map<String, Coding> reasonsOf(CodeSystem codeSystem) {
		Map<String, Coding> reasons = new HashMap<>();
		codeSystem.getConcept()
			.forEach((concept) -> reasons.put(concept.getCode(),
					new Coding(codeSystem.getUrl(), concept.getCode(), concept.getDisplay())));
		return reasons;
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
