package org.ldncds.ldn;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;

import org.ldncds.knowledge.KnowledgeBase;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.rules.RuleBase;

/**
 * The startup's two long loads, each on a thread of its own from the moment the first
 * bean needs either: the FHIR knowledge (value sets parsed by HAPI) and the rules
 * (compiled by Drools). Together they are most of the time to ready, and on two cores
 * neither waits for the other; the rest of the startup goes on meanwhile, until a bean
 * needs the one not yet loaded.
 */
final class KnowledgeLoading {

	private final CompletableFuture<KnowledgeBase> knowledge;

	private final CompletableFuture<RuleBase> rules;

	private KnowledgeLoading(CompletableFuture<KnowledgeBase> knowledge, CompletableFuture<RuleBase> rules) {
		this.knowledge = knowledge;
		this.rules = rules;
	}

	/** Starts both loads. */
	static KnowledgeLoading start(KnowledgeFolder profiles, KnowledgeFolder drl, FhirContext fhirContext) {
		return new KnowledgeLoading(onOwnThread("ldn-load-knowledge", () -> KnowledgeBase.load(profiles, fhirContext)),
				onOwnThread("ldn-compile-rules", () -> RuleBase.load(drl)));
	}

	/** The knowledge base, once loaded; what its loading threw, as it threw it. */
	KnowledgeBase knowledge() {
		return await(knowledge);
	}

	/** The rules, once compiled; what their compilation threw, as it threw it. */
	RuleBase rules() {
		return await(rules);
	}

	private static <T> CompletableFuture<T> onOwnThread(String name, Supplier<T> load) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(load.get());
			}
			catch (RuntimeException | Error ex) {
				result.completeExceptionally(ex);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		return result;
	}

	private static <T> T await(CompletableFuture<T> load) {
		try {
			return load.join();
		}
		catch (CompletionException ex) {
			// The startup's failure is the load's own (a rule's file and line, a value
			// set
			// that does not parse), not the wrapper's.
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
