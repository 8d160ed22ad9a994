package org.ldncds.ldn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge the services answer with, which a pharmacist may change while the service
 * runs (a mounted ConfigMap, an edited folder). A change is loaded, compiled and checked
 * off the request path, then swapped in at once: a call runs wholly on the old knowledge
 * or wholly on the new. A change that does not load or fails its check is refused: the
 * old knowledge stays, and health, a metric and the log say why.
 */
final class LiveKnowledge implements Supplier<LdnPipeline> {

	private static final Logger log = LoggerFactory.getLogger(LiveKnowledge.class);

	/**
	 * The knowledge files whose content makes up the knowledge: rules, card templates,
	 * FHIR resources and scenarios (also in zip archives).
	 */
	private static final List<String> KNOWLEDGE_FILES = List.of(".drl", ".json", ".md");

	private final AtomicReference<LdnPipeline> current;

	private final Supplier<LdnPipeline> loader;

	private final Function<LdnPipeline, Optional<String>> check;

	private final List<KnowledgeFolder> folders;

	private final MeterRegistry meters;

	private final Clock clock;

	private volatile String stamp;

	private volatile Reload last;

	/**
	 * @param initial the knowledge loaded at startup
	 * @param loader loads the knowledge anew from its folders; throws, naming file and
	 * line, when it does not load
	 * @param check what new knowledge must pass before it answers calls: the problem, or
	 * empty
	 * @param folders where the knowledge is read from, to notice changes
	 */
	LiveKnowledge(LdnPipeline initial, Supplier<LdnPipeline> loader, Function<LdnPipeline, Optional<String>> check,
			List<KnowledgeFolder> folders, MeterRegistry meters, Clock clock) {
		this.current = new AtomicReference<>(initial);
		this.loader = loader;
		this.check = check;
		this.folders = List.copyOf(folders);
		this.meters = meters;
		this.clock = clock;
		this.stamp = stampOfFolders();
		this.last = new Reload(Outcome.LOADED_AT_STARTUP, initial.version(), null, clock.instant());
	}

	@Override
	public LdnPipeline get() {
		return current.get();
	}

	/** What the last load or reload did. */
	Reload last() {
		return last;
	}

	/** Reloads when a knowledge file changed since the last load; otherwise nothing. */
	Reload reloadIfChanged() {
		if (stampOfFolders().equals(stamp)) {
			return last;
		}
		return reload();
	}

	/**
	 * Loads the knowledge from its folders, checks it, and swaps it in; or keeps the
	 * current knowledge and says why not.
	 */
	synchronized Reload reload() {
		String newStamp = stampOfFolders();
		LdnPipeline candidate;
		try {
			candidate = loader.get();
		}
		catch (RuntimeException ex) {
			return refused(newStamp, String.valueOf(ex.getMessage()));
		}
		Optional<String> problem = unversionedChange(current.get(), candidate).or(() -> check.apply(candidate));
		if (problem.isPresent()) {
			return refused(newStamp, problem.get());
		}
		LdnPipeline old = current.getAndSet(candidate);
		stamp = newStamp;
		Outcome outcome = candidate.version().equals(old.version()) ? Outcome.UNCHANGED : Outcome.APPLIED;
		log.info("Knowledge reloaded: {} (was {}), {}", candidate.version(), old.version(),
				outcome == Outcome.APPLIED ? "now answering with it" : "same knowledge as before");
		return record(new Reload(outcome, candidate.version(), null, clock.instant()));
	}

	/**
	 * FHIR knowledge that changed while its version did not: answers name their knowledge
	 * by that version (and the rule fingerprint), so the two could not be told apart
	 * across a fleet.
	 */
	static Optional<String> unversionedChange(LdnPipeline answering, LdnPipeline candidate) {
		String before = answering.knowledge().contentDigest();
		String after = candidate.knowledge().contentDigest();
		if (before.isEmpty() || after.isEmpty() || before.equals(after)
				|| !answering.knowledge().version().equals(candidate.knowledge().version())) {
			return Optional.empty();
		}
		return Optional.of("The FHIR knowledge changed but its version is still " + candidate.knowledge().version()
				+ ": raise the version of Library/" + KnowledgeBase.EVIDENCE_LIBRARY_ID
				+ ", so that answers name the new knowledge apart from the old");
	}

	private Reload refused(String newStamp, String problem) {
		// Not retried until the files change again: the same files fail the same way.
		stamp = newStamp;
		log.error("Knowledge change refused; still answering with {}: {}", current.get().version(), problem);
		return record(new Reload(Outcome.REFUSED, current.get().version(), problem, clock.instant()));
	}

	private Reload record(Reload reload) {
		last = reload;
		meters.counter("ldn.knowledge.reloads", "outcome", reload.outcome().label()).increment();
		return reload;
	}

	/** A digest of every knowledge file's path and content. */
	private String stampOfFolders() {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (KnowledgeFolder folder : folders) {
				for (String suffix : KNOWLEDGE_FILES) {
					for (KnowledgeFolder.KnowledgeFile file : folder.filesAndArchivedFiles(suffix)) {
						sha256.update((folder.location() + file.name() + "\n").getBytes(StandardCharsets.UTF_8));
						sha256.update(file.text().getBytes(StandardCharsets.UTF_8));
					}
				}
			}
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
		catch (RuntimeException ex) {
			// A folder being replaced (a ConfigMap update) may not read for a moment:
			// a stamp that never matches makes the next check try again.
			return "unreadable " + System.nanoTime();
		}
	}

	/** What a load or reload did. */
	enum Outcome {

		LOADED_AT_STARTUP, APPLIED, UNCHANGED, REFUSED;

		String label() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

	/**
	 * @param outcome what happened
	 * @param version the knowledge answering calls afterwards
	 * @param problem why a change was refused (file and line when known)
	 * @param at when
	 */
	record Reload(Outcome outcome, String version, String problem, Instant at) {
	}

}
