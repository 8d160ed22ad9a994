package org.ldncds.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	static final String EVIDENCE_CITATION_EXTENSION = "http://ldn-cds.org/fhir/StructureDefinition/ldn-evidence-citation";

	static final String EVIDENCE_ADVICE_EXTENSION = "http://ldn-cds.org/fhir/StructureDefinition/ldn-evidence-advice";

	/** The expert advice code that says experts advise against LDN for the condition. */
	static final String ADVISED_AGAINST = "advised-against";

	private static final Pattern LIBRARY = Pattern.compile("\"resourceType\"\\s*:\\s*\"Library\"");

	private static final Pattern CITATION_LABEL = Pattern.compile("\"label\"\\s*:\\s*\"([^\"]+)\"");

	private final Terminology terminology;

	private final Map<String, Citation> citations;

	private final Map<String, Coding> overrideReasons;

	private final Map<String, Indication> indications;

	private final String version;

	private final String contentDigest;

	private KnowledgeBase(Terminology terminology, Map<String, Citation> citations, Map<String, Coding> overrideReasons,
			Map<String, Indication> indications, String version, String contentDigest) {
		this.terminology = terminology;
		this.citations = Collections.unmodifiableMap(new LinkedHashMap<>(citations));
		this.overrideReasons = Collections.unmodifiableMap(new LinkedHashMap<>(overrideReasons));
		this.indications = Map.copyOf(indications);
		this.version = version;
		this.contentDigest = contentDigest;
	}

	/**
	 * Reads every JSON file of the folder, and of the zip archives in it (a ConfigMap
	 * carries the 2 MB of value sets zipped), as a FHIR resource.
	 * @throws IllegalStateException naming the file that is not valid FHIR JSON
	 */
	public static KnowledgeBase load(KnowledgeFolder folder, FhirContext fhirContext) {
		List<KnowledgeFolder.KnowledgeFile> files = folder.filesAndArchivedFiles(".json");
		KnowledgeBase knowledge = from(readResources(files, folder.location(), fhirContext), citationLines(files));
		return new KnowledgeBase(knowledge.terminology, knowledge.citations, knowledge.overrideReasons,
				knowledge.indications, knowledge.version, digestOf(files));
	}

	/**
	 * Where each citation's short label is written: the file of the evidence Library and
	 * the line of the {@code display} that follows the citation's {@code label}, so that
	 * the knowledge check can name them.
	 */
	public static Map<String, Citation> citationLines(KnowledgeFolder folder) {
		return citationLines(folder.filesAndArchivedFiles(".json"));
	}

	private static Map<String, Citation> citationLines(List<KnowledgeFolder.KnowledgeFile> files) {
		Map<String, Citation> lines = new HashMap<>();
		for (KnowledgeFolder.KnowledgeFile file : files) {
			String text = file.text();
			if (!LIBRARY.matcher(text).find() || !text.contains("\"" + EVIDENCE_LIBRARY_ID + "\"")) {
				continue;
			}
			Matcher label = CITATION_LABEL.matcher(text);
			while (label.find()) {
				int display = text.indexOf("\"display\"", label.end());
				int next = text.indexOf("\"label\"", label.end());
				int at = (display >= 0 && (next < 0 || display < next)) ? display : label.start();
				int line = (int) text.substring(0, at).chars().filter((c) -> c == '\n').count() + 1;
				lines.put(label.group(1), new Citation(label.group(1), "", "", null, file.name(), line));
			}
		}
		return lines;
	}

	/**
	 * Every JSON file of the folder as a FHIR resource, in file order.
	 * @throws IllegalStateException naming the file that is not valid FHIR JSON
	 */
	public static List<IBaseResource> readResources(KnowledgeFolder folder, FhirContext fhirContext) {
		return readResources(folder.filesAndArchivedFiles(".json"), folder.location(), fhirContext);
	}

	private static List<IBaseResource> readResources(List<KnowledgeFolder.KnowledgeFile> files, String location,
			FhirContext fhirContext) {
		IParser parser = fhirContext.newJsonParser();
		List<IBaseResource> resources = new ArrayList<>();
		for (KnowledgeFolder.KnowledgeFile file : files) {
			try {
				resources.add(parser.parseResource(file.text()));
			}
			catch (DataFormatException ex) {
				throw new IllegalStateException(
						"Knowledge file " + location + file.name() + " is not FHIR JSON: " + ex.getMessage(), ex);
			}
		}
		return resources;
	}

	/**
	 * A digest of the files' content, each named by its path (in its archive, if in one):
	 * the same knowledge gives the same digest, whether zipped or not.
	 */
	private static String digestOf(List<KnowledgeFolder.KnowledgeFile> files) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			files.stream()
				.sorted(Comparator.comparing((KnowledgeFolder.KnowledgeFile file) -> pathInArchive(file.name())))
				.forEach((file) -> {
					sha256.update((pathInArchive(file.name()) + "\n").getBytes(StandardCharsets.UTF_8));
					sha256.update(file.text().getBytes(StandardCharsets.UTF_8));
				});
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	private static String pathInArchive(String name) {
		int archived = name.indexOf("!/");
		return (archived < 0) ? name : name.substring(archived + 2);
	}

	public static KnowledgeBase from(List<IBaseResource> resources) {
		return from(resources, Map.of());
	}

	/**
	 * The knowledge of the resources; {@code where} gives the file and line of each
	 * citation (see {@link #citationLines}).
	 */
	public static KnowledgeBase from(List<IBaseResource> resources, Map<String, Citation> where) {
		Terminology terminology = Terminology.from(ofType(resources, ValueSet.class),
				ofType(resources, NamingSystem.class));
		Library evidence = byId(resources, Library.class, EVIDENCE_LIBRARY_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no Library/" + EVIDENCE_LIBRARY_ID));
		CodeSystem reasons = byId(resources, CodeSystem.class, OVERRIDE_REASONS_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no CodeSystem/" + OVERRIDE_REASONS_ID));
		CodeSystem grades = byId(resources, CodeSystem.class, EVIDENCE_GRADES_ID)
			.orElseThrow(() -> new IllegalStateException("Knowledge base has no CodeSystem/" + EVIDENCE_GRADES_ID));
		Map<String, Citation> citations = citationsOf(evidence, where);
		return new KnowledgeBase(terminology, citations, reasonsOf(reasons),
				indicationsOf(ofType(resources, ValueSet.class), grades, citations), evidence.getVersion(), "");
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

	/**
	 * A digest of the files the knowledge base was loaded from (SHA-256, hex); empty when
	 * it was made from resources, not files.
	 */
	public String contentDigest() {
		return contentDigest;
	}

	private static Map<String, Citation> citationsOf(Library library, Map<String, Citation> where) {
		Map<String, Citation> citations = new LinkedHashMap<>();
		for (RelatedArtifact artifact : library.getRelatedArtifact()) {
			String key = artifact.getLabel();
			String label = (artifact.getDisplay() == null) ? "" : artifact.getDisplay().strip();
			String reference = artifact.hasCitation() ? artifact.getCitation().strip() : label;
			String url = artifact.hasUrl() ? artifact.getUrl() : null;
			Citation located = where.get(key);
			citations.put(key, (located == null) ? new Citation(key, label, reference, url)
					: new Citation(key, label, reference, url, located.file(), located.line()));
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
	private static Map<String, Indication> indicationsOf(List<ValueSet> valueSets, CodeSystem grades,
			Map<String, Citation> citations) {
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
			List<String> cited = valueSet.getExtensionsByUrl(EVIDENCE_CITATION_EXTENSION)
				.stream()
				.map((extension) -> extension.getValue().primitiveValue())
				.toList();
			for (String key : cited) {
				if (!citations.containsKey(key)) {
					throw new IllegalStateException("ValueSet/" + id + " cites '" + key
							+ "', which is not in the evidence Library (Library/" + EVIDENCE_LIBRARY_ID + ")");
				}
			}
			boolean advisedAgainst = valueSet.hasExtension(EVIDENCE_ADVICE_EXTENSION) && ADVISED_AGAINST
				.equals(valueSet.getExtensionByUrl(EVIDENCE_ADVICE_EXTENSION).getValue().primitiveValue());
			indications.put(id,
					new Indication(id, name, grade, grades.getConcept().get(gradeOrder.indexOf(grade)).getDisplay(),
							gradeOrder.indexOf(grade), evidence, cited, advisedAgainst));
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
