package org.ldncds.ldn;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Looks at the knowledge folders on disk every so often and reloads the knowledge when a
 * file changed: a pharmacist's edit, or a ConfigMap update, is answered with within the
 * interval, without a restart. Off for the knowledge packaged in the jar, which cannot
 * change.
 */
final class KnowledgeWatcher implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KnowledgeWatcher.class);

	private final LiveKnowledge knowledge;

	private final Duration interval;

	private ScheduledExecutorService scheduler;

	KnowledgeWatcher(LiveKnowledge knowledge, Duration interval) {
		this.knowledge = knowledge;
		this.interval = interval;
	}

	@Override
	public void afterPropertiesSet() {
		if (interval.isZero() || interval.isNegative()) {
			return;
		}
		scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "knowledge-watcher");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
		log.info("Knowledge folders are checked for changes every {} ms", interval.toMillis());
	}

	private void check() {
		try {
			knowledge.reloadIfChanged();
		}
		catch (RuntimeException ex) {
			// The watcher must outlive any one failed check.
			log.error("Knowledge change check failed: {}", ex.toString());
		}
	}

	@Override
	public void destroy() {
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

}
