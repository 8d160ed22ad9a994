package org.ldncds.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal on a real directory: what is appended is read back in order until consumed,
 * survives a reopening (a restart or crash), and is deleted once consumed; a record cut
 * off by a crash is skipped and counted, not fatal.
 */
class AuditJournalTest {

	@TempDir
	Path directory;

	private final List<AuditJournal> opened = new ArrayList<>();

	@AfterEach
	void close() throws IOException {
		for (AuditJournal journal : opened) {
			journal.close();
		}
	}

	@Test
	void readsWhatWasAppendedInOrderUntilConsumed() throws IOException {
		AuditJournal journal = open(1000);
		List<AuditRecord> records = List.of(record(), record(), record());
		for (AuditRecord record : records) {
			journal.append(record);
		}

		AuditJournal.Batch first = journal.read(2);
		assertThat(first.records()).containsExactlyElementsOf(records.subList(0, 2));
		assertThat(journal.read(2).records()).as("not consumed: read again").isEqualTo(first.records());

		journal.consumed(first);
		assertThat(journal.read(10).records()).containsExactly(records.get(2));
	}

	@Test
	void keepsWhatWasNotConsumedForTheNextOpening() throws IOException {
		AuditJournal journal = open(2);
		List<AuditRecord> records = List.of(record(), record(), record(), record(), record());
		for (AuditRecord record : records) {
			journal.append(record);
		}
		journal.consumed(journal.read(1));
		journal.close();
		opened.remove(journal);

		AuditJournal reopened = open(2);
		assertThat(reopened.recordsAtStart()).as("the segment partly consumed is read again whole").isEqualTo(5);
		List<AuditRecord> read = readAll(reopened);
		assertThat(read).containsExactlyElementsOf(records);
	}

	@Test
	void deletesSegmentsOnceConsumedAndLeavesNothingAfterACleanStop() throws IOException {
		AuditJournal journal = open(2);
		for (int i = 0; i < 5; i++) {
			journal.append(record());
		}
		assertThat(segments()).hasSize(3);

		readAll(journal);
		assertThat(segments()).as("only the segment still appended to").hasSize(1);
		journal.close();
		opened.remove(journal);
		assertThat(segments()).isEmpty();
	}

	@Test
	void skipsAndCountsARecordCutOffByACrash() throws IOException {
		AuditJournal journal = open(1000);
		AuditRecord whole = record();
		journal.append(whole);
		journal.close();
		opened.remove(journal);
		// The crash: half a record at the end of the segment.
		Path segment = segments().get(0);
		Files.write(segment, "{\"callId\":\"cut-off".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

		AuditJournal reopened = open(1000);
		assertThat(reopened.recordsAtStart()).isEqualTo(2);
		AuditJournal.Batch batch = reopened.read(10);
		assertThat(batch.records()).containsExactly(whole);
		assertThat(batch.unreadable()).isOne();
		reopened.consumed(batch);
		assertThat(reopened.read(10).isEmpty()).isTrue();
	}

	@Test
	void refusesADirectoryInUse() {
		open(1000);

		assertThatThrownBy(() -> AuditJournal.open(directory, 1000)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("in use by another process")
			.hasMessageContaining("ldn.audit.journal-directory");
	}

	private AuditJournal open(int segmentRecords) {
		AuditJournal journal = AuditJournal.open(directory, segmentRecords);
		opened.add(journal);
		return journal;
	}

	private static List<AuditRecord> readAll(AuditJournal journal) throws IOException {
		List<AuditRecord> read = new ArrayList<>();
		for (AuditJournal.Batch batch = journal.read(2); !batch.isEmpty(); batch = journal.read(2)) {
			read.addAll(batch.records());
			journal.consumed(batch);
		}
		return read;
	}

	private List<Path> segments() throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".jsonl")).sorted().toList();
		}
	}

	private static AuditRecord record() {
		return new AuditRecord(UUID.randomUUID().toString(), Instant.parse("2026-11-21T10:05:31.123Z"),
				"ldn-order-select", "order-select", UUID.randomUUID().toString(), "https://ehr.example.org", "tenant-1",
				"fhir.example.org", "ab".repeat(32), "2026.11.0+abc", List.of("rule one", "rule two"),
				List.of("patient"), List.of("medications"), List.of(),
				List.of(new AuditRecord.CardRecord(UUID.randomUUID().toString(), "rule one", "critical", "Summary",
						List.of("s1"), List.of("r|1"))),
				200, 42);
	}

}
