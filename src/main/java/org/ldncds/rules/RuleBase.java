package org.ldncds.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable, compiled set of DRL rules. Compiling is slow and happens once; every
 * evaluation gets a fresh session that is disposed before the call returns, so no state
 * leaks from one request to the next.
 */
public final class RuleBase {

	private static final Logger log = LoggerFactory.getLogger(RuleBase.class);

	private static final String RESOURCE_ROOT = "src/main/resources/";

	private final KieBase kieBase;

	private final String fingerprint;

	private final List<RuleWarning> warnings;

	private final List<String> ruleNames;

	private RuleBase(KieBase kieBase, String fingerprint, List<RuleWarning> warnings) {
		this.kieBase = kieBase;
		this.fingerprint = fingerprint;
		this.warnings = List.copyOf(warnings);
		this.ruleNames = kieBase.getKiePackages()
			.stream()
			.flatMap((kiePackage) -> kiePackage.getRules().stream())
			.map((rule) -> rule.getName())
			.sorted()
			.toList();
	}

	/**
	 * Compiles every {@code .drl} file of the folder, named by its path in the folder.
	 * The service and the test harness load their rules here. The fingerprint covers the
	 * folder's card templates ({@code cards/*.md}) as well as its rules: a card's wording
	 * is part of what the rules say, and an answer's fingerprint must tell the two apart.
	 * @throws RuleCompilationException naming file, line and message of each error
	 */
	public static RuleBase load(KnowledgeFolder folder) {
		List<RuleSource> rules = sources(folder.files(".drl"));
		RuleBase compiled = compile(rules);
		List<RuleSource> rulesAndCards = new ArrayList<>(rules);
		rulesAndCards.addAll(sources(KnowledgeCheck.templateFiles(folder)));
		return new RuleBase(compiled.kieBase, fingerprintOf(rulesAndCards), compiled.warnings);
	}

	private static List<RuleSource> sources(List<KnowledgeFolder.KnowledgeFile> files) {
		return files.stream().map((file) -> new RuleSource(file.name(), file.text())).toList();
	}

	/**
	 * Compiles the sources into a rule base. Each warning of the compiler is logged once,
	 * at WARN with its file and line, and kept ({@link #warnings()}).
	 * @throws RuleCompilationException naming file, line and message of each error
	 */
	public static RuleBase compile(List<RuleSource> sources) {
		if (sources.isEmpty()) {
			throw new RuleCompilationException(List.of("no .drl files found"));
		}
		KieServices kieServices = KieServices.get();
		KieFileSystem files = kieServices.newKieFileSystem();
		// A unique release id keeps independently compiled rule bases (tests, reloads)
		// from replacing each other in Drools' global module repository.
		ReleaseId releaseId = kieServices.newReleaseId("org.ldncds", "rules", "1.0.0-" + UUID.randomUUID());
		files.generateAndWritePomXML(releaseId);
		for (RuleSource source : sources) {
			files.write(RESOURCE_ROOT + source.name(), source.text());
		}
		KieBuilder builder = kieServices.newKieBuilder(files).buildAll();
		List<String> problems = builder.getResults()
			.getMessages(Message.Level.ERROR)
			.stream()
			.map(RuleBase::describe)
			.toList();
		if (!problems.isEmpty()) {
			throw new RuleCompilationException(problems);
		}
		KieBase kieBase = kieServices.newKieContainer(releaseId).getKieBase();
		kieServices.getRepository().removeKieModule(releaseId);
		List<RuleWarning> warnings = new ArrayList<>(
				builder.getResults().getMessages(Message.Level.WARNING).stream().map(RuleBase::warning).toList());
		// Drools logs these two without file or line and leaves them out of its results.
		warnings.addAll(PackageFolderWarnings.of(sources));
		warnings.addAll(EvalWarnings.of(kieBase, sources));
		warnings.forEach((warning) -> log.warn("Rule compiler warning: {}", warning));
		return new RuleBase(kieBase, fingerprintOf(sources), warnings);
	}

	/**
	 * Inserts the facts into a fresh session, fires all rules and collects every fact of
	 * the output type that a rule inserted.
	 */
	public <T> RuleOutcome<T> evaluate(Collection<?> facts, Class<T> outputType) {
		KieSession session = kieBase.newKieSession();
		try {
			List<RuleOutcome.Fired<T>> outputs = new ArrayList<>();
			List<String> fired = new ArrayList<>();
			session.addEventListener(new DefaultRuleRuntimeEventListener() {
				@Override
				public void objectInserted(ObjectInsertedEvent event) {
					if (event.getRule() != null && outputType.isInstance(event.getObject())) {
						outputs.add(
								new RuleOutcome.Fired<>(event.getRule().getName(), outputType.cast(event.getObject())));
					}
				}
			});
			session.addEventListener(new DefaultAgendaEventListener() {
				@Override
				public void afterMatchFired(AfterMatchFiredEvent event) {
					fired.add(event.getMatch().getRule().getName());
				}
			});
			facts.forEach(session::insert);
			session.fireAllRules();
			return new RuleOutcome<>(outputs, fired);
		}
		finally {
			session.dispose();
		}
	}

	/**
	 * A short hash of the DRL text (and, loaded from a folder, of its card templates),
	 * recorded with every answer so it can be traced.
	 */
	public String fingerprint() {
		return fingerprint;
	}

	/**
	 * What the compiler advised against in rules that compiled, each with its file and
	 * line; empty when it had nothing to say.
	 */
	public List<RuleWarning> warnings() {
		return warnings;
	}

	/** The names of all compiled rules, sorted. */
	public List<String> ruleNames() {
		return ruleNames;
	}

	private static String describe(Message message) {
		return pathOf(message) + ":" + message.getLine() + ": " + textOf(message);
	}

	private static RuleWarning warning(Message message) {
		return new RuleWarning(pathOf(message), message.getLine(), textOf(message));
	}

	private static String pathOf(Message message) {
		return message.getPath() == null ? "?" : message.getPath().replace(RESOURCE_ROOT, "");
	}

	private static String textOf(Message message) {
		return message.getText().strip().replaceAll("\\s+", " ");
	}

	private static String fingerprintOf(List<RuleSource> sources) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			sources.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach((source) -> {
				digest.update(source.name().getBytes(StandardCharsets.UTF_8));
				digest.update(source.text().getBytes(StandardCharsets.UTF_8));
			});
			return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is always available", ex);
		}
	}

}
