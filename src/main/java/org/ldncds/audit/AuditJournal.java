package org.ldncds.audit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit records not yet written to the database, kept in local files: the queue
 * between the request threads, which append, and the audit writer, which reads, writes to
 * the database and then deletes. A record is appended (one JSON line, straight to the
 * operating system, no buffer in this process) before its call ends, so a crash of the
 * process, {@code kill -9} included, loses none that were appended; records left at
 * shutdown or by a crash are read again at the next start.
 * <p>
 * The records are split into numbered segment files of at most {@code segmentRecords}
 * records. This process appends only to a segment it created; every older segment is
 * complete. A segment is deleted once every record in it is in the database, so a record
 * may be read again after a crash: the database insert ignores records it already holds.
 * A directory is used by one process at a time (a file lock says so).
 * <p>
 * Appending is thread-safe; reading ({@link #read}, {@link #consumed}) is for one thread,
 * the audit writer.
 */
final class AuditJournal implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(AuditJournal.class);

	private static final Pattern SEGMENT = Pattern.compile("(\\d{19})\\.jsonl");

	private static final ObjectMapper JSON = JsonMapper.builder()
		.addModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path directory;

	private final int segmentRecords;

	private final FileChannel lockFile;

	private final FileLock lock;

	// Appending, guarded by this.

	private long appendSegment;

	private FileChannel appendChannel;

	private int appendedToSegment;

	/** Bytes of whole records in the segment being appended to. */
	private long appendedLength;

	private boolean closed;

	// Reading, by the writer thread only. Volatile because close() reads them too, on the
	// thread that stops the service, which may run while the writer is still busy (its
	// join has a timeout).

	private volatile long readSegment;

	private volatile long readPosition;

	private FileChannel readChannel;

	private final int recordsAtStart;

	private AuditJournal(Path directory, int segmentRecords, FileChannel lockFile, FileLock lock) throws IOException {
		this.directory = directory;
		this.segmentRecords = segmentRecords;
		this.lockFile = lockFile;
		this.lock = lock;
		List<Long> left = segments();
		this.recordsAtStart = countRecords(left);
		this.appendSegment = left.isEmpty() ? 1 : left.get(left.size() - 1) + 1;
		this.readSegment = left.isEmpty() ? appendSegment : left.get(0);
		openAppendSegment();
	}

	/**
	 * Opens the journal in this directory, made if missing (readable by this user only);
	 * fails if another process has it open.
	 */
	static AuditJournal open(Path directory, int segmentRecords) {
		try {
			makeDirectory(directory);
			FileChannel lockFile = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock = tryLock(lockFile);
			if (lock == null) {
				lockFile.close();
				throw new IllegalStateException("The audit journal " + directory.toAbsolutePath()
						+ " is in use by another process; give each instance its own ldn.audit.journal-directory");
			}
			return new AuditJournal(directory, segmentRecords, lockFile, lock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the audit journal " + directory.toAbsolutePath(), ex);
		}
	}

	private static void makeDirectory(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		try {
			Files.createDirectories(directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createDirectories(directory);
		}
	}

	private static FileLock tryLock(FileChannel lockFile) throws IOException {
		try {
			return lockFile.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			// Held by this JVM: another service instance in the same process.
			return null;
		}
	}

	/** How many records the journal held when opened: those of the last run. */
	int recordsAtStart() {
		return recordsAtStart;
	}

	/**
	 * Appends a record; it is in the operating system's hands when this returns.
	 * @throws IOException when it could not be appended (disk full, journal closed)
	 */
	synchronized void append(AuditRecord record) throws IOException {
		if (closed) {
			throw new IOException("the audit journal is closed");
		}
		if (appendedToSegment >= segmentRecords) {
			appendChannel.close();
			appendSegment++;
			openAppendSegment();
		}
		ByteBuffer line = ByteBuffer.wrap(line(record));
		long position = appendedLength;
		try {
			while (line.hasRemaining()) {
				position += appendChannel.write(line, position);
			}
		}
		catch (IOException ex) {
			// Cut off what was written of the record, so that the next one starts a line.
			appendChannel.truncate(appendedLength);
			throw ex;
		}
		appendedLength = position;
		appendedToSegment++;
	}

	private static byte[] line(AuditRecord record) throws JsonProcessingException {
		byte[] json = JSON.writeValueAsBytes(record);
		byte[] line = new byte[json.length + 1];
		System.arraycopy(json, 0, line, 0, json.length);
		line[json.length] = '\n';
		return line;
	}

	private void openAppendSegment() throws IOException {
		appendChannel = FileChannel.open(segmentFile(appendSegment), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE);
		appendedToSegment = 0;
		appendedLength = 0;
	}

	/**
	 * Up to {@code max} records from the oldest segment, from where the last
	 * {@link #consumed} left off; the records stay in the journal until consumed. A line
	 * that cannot be read as a record (cut off by a crash) is skipped, logged and
	 * reported in {@link Batch#unreadable()}.
	 */
	Batch read(int max) throws IOException {
		while (true) {
			long limit = readableLength(readSegment);
			if (readPosition >= limit && readSegment < appendSegmentNow()) {
				finishReadSegment();
				continue;
			}
			return readLines(limit, max);
		}
	}

	private Batch readLines(long limit, int max) throws IOException {
		List<AuditRecord> records = new ArrayList<>();
		int unreadable = 0;
		long position = readPosition;
		if (position < limit) {
			FileChannel channel = readChannel();
			ByteArrayOutputStream current = new ByteArrayOutputStream();
			ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
			long scan = position;
			while (records.size() < max && scan < limit) {
				buffer.clear();
				buffer.limit((int) Math.min(buffer.capacity(), limit - scan));
				int read = channel.read(buffer, scan);
				if (read <= 0) {
					break;
				}
				for (int i = 0; i < read && records.size() < max; i++) {
					byte b = buffer.get(i);
					scan++;
					if (b != '\n') {
						current.write(b);
						continue;
					}
					position = scan;
					AuditRecord record = parse(current.toByteArray());
					current.reset();
					if (record == null) {
						unreadable++;
					}
					else {
						records.add(record);
					}
				}
			}
			if (records.size() < max && position < limit && readSegment < appendSegmentNow()) {
				// A complete segment ends in a record cut off by a crash.
				log.error("Audit journal segment {} ends with an incomplete record: it is lost", readSegment);
				unreadable++;
				position = limit;
			}
		}
		return new Batch(records, unreadable, position);
	}

	private static AuditRecord parse(byte[] line) {
		try {
			return JSON.readValue(line, AuditRecord.class);
		}
		catch (IOException ex) {
			log.error("Unreadable record in the audit journal ({}): it is lost", ex.getClass().getSimpleName());
			return null;
		}
	}

	/** The records of the batch are in the database: they are done with. */
	void consumed(Batch batch) throws IOException {
		readPosition = batch.end();
		if (readSegment < appendSegmentNow() && readPosition >= readableLength(readSegment)) {
			finishReadSegment();
		}
	}

	private void finishReadSegment() throws IOException {
		if (readChannel != null) {
			readChannel.close();
			readChannel = null;
		}
		Files.deleteIfExists(segmentFile(readSegment));
		long next = nextSegmentAfter(readSegment);
		// Position first: close() never sees the next segment with the old position.
		readPosition = 0;
		readSegment = next;
	}

	private long nextSegmentAfter(long segment) throws IOException {
		for (long candidate : segments()) {
			if (candidate > segment) {
				return candidate;
			}
		}
		return appendSegmentNow();
	}

	private FileChannel readChannel() throws IOException {
		if (readChannel == null) {
			readChannel = FileChannel.open(segmentFile(readSegment), StandardOpenOption.READ);
		}
		return readChannel;
	}

	private synchronized long appendSegmentNow() {
		return appendSegment;
	}

	/**
	 * How far a segment may be read: all of a complete one, the whole records of the
	 * current one.
	 */
	private synchronized long readableLength(long segment) throws IOException {
		if (segment == appendSegment) {
			return appendedLength;
		}
		Path file = segmentFile(segment);
		return Files.exists(file) ? Files.size(file) : 0;
	}

	/**
	 * Deletes the current segment if every record in it was consumed, so that a clean
	 * stop leaves nothing behind, and releases the directory.
	 */
	@Override
	public synchronized void close() throws IOException {
		if (closed) {
			return;
		}
		closed = true;
		boolean allConsumed = readSegment == appendSegment && readPosition >= appendedLength;
		if (readChannel != null) {
			readChannel.close();
		}
		appendChannel.force(true);
		appendChannel.close();
		if (allConsumed) {
			Files.deleteIfExists(segmentFile(appendSegment));
		}
		lock.release();
		lockFile.close();
	}

	/** The segments in the directory, oldest first. */
	private List<Long> segments() throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> SEGMENT.matcher(file.getFileName().toString()))
				.filter(Matcher::matches)
				.map((matcher) -> Long.parseLong(matcher.group(1)))
				.sorted()
				.toList();
		}
	}

	/**
	 * The records in these segments: their lines, a last one cut off by a crash included.
	 */
	private int countRecords(List<Long> segments) throws IOException {
		int records = 0;
		for (long segment : segments) {
			byte[] content = Files.readAllBytes(segmentFile(segment));
			for (byte b : content) {
				if (b == '\n') {
					records++;
				}
			}
			if (content.length > 0 && content[content.length - 1] != '\n') {
				records++;
			}
		}
		return records;
	}

	private Path segmentFile(long segment) {
		return directory.resolve(String.format("%019d.jsonl", segment));
	}

	/**
	 * Records read from the journal.
	 *
	 * @param records the records, in the order appended
	 * @param unreadable lines skipped because they were not a whole record
	 * @param end where the next read starts once these are consumed
	 */
	record Batch(List<AuditRecord> records, int unreadable, long end) {

		boolean isEmpty() {
			return records.isEmpty() && unreadable == 0;
		}

	}

}
