package org.sentistream.connect.feedback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.sentistream.connect.feedback.internals.BadRowException;
import org.sentistream.connect.feedback.internals.CsvRowReader;
import org.sentistream.connect.feedback.internals.DeadLetterWriter;
import org.sentistream.connect.feedback.internals.ExportDirectory;
import org.sentistream.connect.feedback.internals.FileVersion;
import org.sentistream.connect.feedback.internals.JsonLinesRowReader;
import org.sentistream.connect.feedback.internals.Row;
import org.sentistream.connect.feedback.internals.RowMapper;
import org.sentistream.connect.feedback.internals.RowReader;
import org.sentistream.connect.internals.ConnectRecords;
import org.sentistream.connect.internals.PluginVersion;
import org.sentistream.connect.internals.RateLimiter;
import org.sentistream.schemas.FeedbackEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task of {@link FeedbackSourceConnector}. It reads one file at a time. The source partition is
 * the file's path and modification time, so a new export reusing a name starts from its first
 * row. The source offset is the number of the last row read. A restarted task skips the rows up
 * to the committed offset, so a row is neither repeated nor skipped across a clean restart. A bad
 * row's dead letter is sent with the next record's batch, whose offset covers the bad row, or at
 * the end of the file. A file moves to the done directory once Kafka has acknowledged every
 * record from it, and stays if it changed while it was read, to be read again as a new file.
 *
 * <p>Counts are exposed as plugin metrics: {@code rows-read-total}, {@code records-total},
 * {@code dead-letter-rows-total} and {@code files-done-total}.
 */
public class FeedbackSourceTask extends SourceTask {

    /** Source partition key holding the file path. */
    public static final String PARTITION_FILE = "file";
    /** Source partition key holding the file's modification time in epoch milliseconds. */
    public static final String PARTITION_MODIFIED = "modified";
    /** Source offset key holding the number of the last row read. */
    public static final String OFFSET_ROW = "row";

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackSourceTask.class);
    private static final long DRAIN_WAIT_MS = 100;
    /** Bad rows per file logged at WARN; later ones go to DEBUG and into the per-file count. */
    private static final int BAD_ROWS_LOGGED_PER_FILE = 10;
    private static final ConnectRecords<FeedbackEvent> EVENTS = new ConnectRecords<>(FeedbackEvent.getClassSchema());

    private final Map<Map<String, String>, AtomicLong> unacknowledged = new ConcurrentHashMap<>();
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong deadLetterRows = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<WaitingDeadLetter> waitingDeadLetters = new ArrayList<>();

    private FeedbackSourceConfig config;
    private ExportDirectory directory;
    private RowMapper mapper;
    private DeadLetterWriter deadLetters;
    private RateLimiter rateLimiter;

    private Path currentFile;
    private FileVersion currentVersion;
    private Map<String, String> currentPartition;
    private RowReader currentReader;
    private long resumeAfterRow;
    private boolean drained;
    private long fileRows;
    private long fileDeadLetters;

    @Override
    public void start(Map<String, String> props) {
        config = new FeedbackSourceConfig(props);
        directory = new ExportDirectory(config.inputDir(), config.doneDir(), config.filePattern(), config.fileMinAgeMs());
        mapper = new RowMapper(config);
        rateLimiter = config.maxRowsPerSecond() > 0 ? new RateLimiter(config.maxRowsPerSecond()) : null;
        if (!Files.isDirectory(config.inputDir())) {
            throw new ConnectException("Input directory " + config.inputDir() + " does not exist; create it or fix "
                    + FeedbackSourceConfig.INPUT_DIR);
        }

        if (config.deadLetterBootstrapServers().isEmpty()) {
            LOG.warn("{} is empty: bad rows are logged and counted but not written to {}",
                    FeedbackSourceConfig.DEAD_LETTER_BOOTSTRAP_SERVERS, config.deadLetterTopic());
        } else {
            String clientId = "feedback-source-dlq-" + context.configs().getOrDefault("name", "task");
            deadLetters = new DeadLetterWriter(config.deadLetterBootstrapServers(), config.deadLetterTopic(), clientId,
                    config.rowMaxChars());
            try {
                deadLetters.checkTopic();
            } catch (KafkaException e) {
                deadLetters.close();
                throw new ConnectException("Dead letter topic " + config.deadLetterTopic() + " is not available at "
                        + config.deadLetterBootstrapServers() + " (" + e.getMessage() + "). Create it, for example with "
                        + "bin/sentiment init, or set " + FeedbackSourceConfig.DEAD_LETTER_TOPIC, e);
            }
        }
        registerMetrics();
        LOG.info("Started feedback source on {} ({}), channel {}, to topic {}", config.inputDir(),
                config.filePattern(), config.channel(), config.topic());
    }

    @Override
    public synchronized List<SourceRecord> poll() throws InterruptedException {
        try {
            if (currentFile == null && !openNextFile()) {
                stopped.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
                return null;
            }
            if (drained) {
                finishFileWhenAcknowledged();
                return null;
            }
            return readBatch();
        } catch (IOException e) {
            throw new ConnectException("Failed to read feedback export " + currentFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        AtomicLong pending = unacknowledged.get(record.sourcePartition());
        if (pending != null) {
            pending.decrementAndGet();
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
        synchronized (this) {
            finishDrainedFile();
            closeCurrentReader();
            if (deadLetters != null) {
                deadLetters.close();
            }
        }
        LOG.info("Stopped feedback source: {} rows read, {} records, {} rows dead-lettered, {} files done",
                rowsRead.get(), records.get(), deadLetterRows.get(), filesDone.get());
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    private boolean openNextFile() throws IOException {
        Optional<Path> next = directory.nextFile();
        if (next.isEmpty()) {
            return false;
        }

        Path file = next.get();
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put(PARTITION_FILE, file.toString());
        partition.put(PARTITION_MODIFIED, Long.toString(Files.getLastModifiedTime(file).toMillis()));
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        Object committedRow = offset == null ? null : offset.get(OFFSET_ROW);

        currentFile = file;
        currentVersion = FileVersion.of(file);
        // Connect stores offsets under the JSON of the partition map in iteration order, so the map must keep
        // one fixed order: Map.copyOf iterates in an order that changes from JVM to JVM.
        currentPartition = Collections.unmodifiableMap(partition);
        currentReader = openReader(file);
        resumeAfterRow = committedRow == null ? 0 : ((Number) committedRow).longValue();
        drained = false;
        fileRows = 0;
        fileDeadLetters = 0;
        waitingDeadLetters.clear();
        unacknowledged.put(currentPartition, new AtomicLong());
        LOG.info("Reading {} from row {}", file, resumeAfterRow + 1);
        return true;
    }

    private RowReader openReader(Path file) throws IOException {
        // InputStreamReader replaces invalid bytes where Files.newBufferedReader throws, so a bad byte costs one row.
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
        skipByteOrderMark(reader);
        boolean csv = switch (config.format()) {
            case FeedbackSourceConfig.FORMAT_CSV -> true;
            case FeedbackSourceConfig.FORMAT_JSONL -> false;
            default -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        };
        try {
            return csv ? new CsvRowReader(reader, config.csvDelimiter(), config.rowMaxChars())
                    : new JsonLinesRowReader(reader, config.rowMaxChars());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw new IOException("Failed to read the CSV header of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Skips a UTF-8 byte order mark, which Excel's "CSV UTF-8" exports start with, so it does not join the first column's name. */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    private List<SourceRecord> readBatch() throws IOException, InterruptedException {
        String fileName = currentFile.getFileName().toString();
        AtomicLong pending = unacknowledged.get(currentPartition);
        List<SourceRecord> batch = new ArrayList<>();
        // A batch also ends after poll.interval.ms, so slow reading still hands records, and their offsets, to
        // Connect regularly. A stop request waits at most that long plus one row.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.pollIntervalMs());

        while (batch.size() < config.batchMax() && stopped.getCount() > 0 && System.nanoTime() < deadline) {
            Row row = currentReader.next();
            if (row == null) {
                drained = true;
                closeCurrentReader();
                break;
            }
            if (row.number() <= resumeAfterRow) {
                continue;
            }
            // A stop ends the wait, and the row read last is read again by the next owner of the offsets.
            if (rateLimiter != null && !rateLimiter.acquire(stopped)) {
                break;
            }
            rowsRead.incrementAndGet();
            fileRows++;

            try {
                FeedbackEvent event = mapper.toEvent(row, fileName);
                // The record gets the produce time, not createdAt: an export of old feedback would otherwise
                // fall outside the topic's time-based retention and be deleted at once.
                batch.add(new SourceRecord(currentPartition, Map.of(OFFSET_ROW, row.number()), config.topic(), null,
                        Schema.STRING_SCHEMA, event.getId(), EVENTS.schema(), EVENTS.toStruct(event)));
                pending.incrementAndGet();
            } catch (BadRowException e) {
                delayDeadLetter(fileName, row, e);
            }
        }

        // A bad row has no record, so its row number reaches the committed offset only with a later record. Until
        // that record is handed to Connect, its dead letter waits: after a stop the row is read, and sent, again.
        if (drained) {
            sendDeadLettersBefore(Long.MAX_VALUE);
        } else if (!batch.isEmpty()) {
            sendDeadLettersBefore((Long) batch.get(batch.size() - 1).sourceOffset().get(OFFSET_ROW));
        }
        records.addAndGet(batch.size());
        LOG.debug("Read {} records from {}", batch.size(), fileName);
        return batch.isEmpty() ? null : batch;
    }

    private void delayDeadLetter(String fileName, Row row, BadRowException failure) {
        fileDeadLetters++;
        if (fileDeadLetters <= BAD_ROWS_LOGGED_PER_FILE) {
            LOG.warn("Bad row {} of {} ({}): {}", row.number(), fileName, failure.reason(), failure.getMessage());
        } else {
            LOG.debug("Bad row {} of {} ({}): {}", row.number(), fileName, failure.reason(), failure.getMessage());
        }
        waitingDeadLetters.add(new WaitingDeadLetter(fileName, row.number(), row.raw(), failure));
    }

    /**
     * Sends the waiting dead letters of rows before {@code row}, keeps the rest waiting, and waits for the
     * acknowledgements, so no record whose offset covers a bad row reaches Connect before its dead letter is
     * stored.
     */
    private void sendDeadLettersBefore(long row) {
        boolean sent = false;
        while (!waitingDeadLetters.isEmpty() && waitingDeadLetters.get(0).row() < row) {
            WaitingDeadLetter waiting = waitingDeadLetters.remove(0);
            deadLetterRows.incrementAndGet();
            if (deadLetters != null) {
                deadLetters.send(waiting.fileName(), waiting.row(), waiting.raw(), waiting.failure());
                sent = true;
            }
        }
        if (sent) {
            deadLetters.flush();
        }
    }

    /** A bad row waiting for a later record, or the end of its file, before it is sent. */
    private record WaitingDeadLetter(String fileName, long row, String raw, BadRowException failure) {
    }

    private void finishFileWhenAcknowledged() throws IOException, InterruptedException {
        AtomicLong pending = unacknowledged.get(currentPartition);
        if (pending.get() > 0) {
            stopped.await(DRAIN_WAIT_MS, TimeUnit.MILLISECONDS);
            return;
        }

        if (deadLetters != null) {
            deadLetters.flush();
        }
        unacknowledged.remove(currentPartition);
        FileVersion now = FileVersion.of(currentFile);
        if (now == null) {
            LOG.warn("{} was removed while it was read: {} rows read, {} dead-lettered", currentFile, fileRows,
                    fileDeadLetters);
        } else if (!now.equals(currentVersion)) {
            // Moving the path now would move content that was never read. The changed file has a new modification
            // time, hence a new source partition, so the next scan reads it from its first row.
            LOG.warn("{} changed while it was read ({} before, {} now), so it stays in {} and is read again as a new "
                    + "file. Write exports elsewhere and move them in when complete, or raise {}", currentFile,
                    currentVersion, now, directory.inputDir(), FeedbackSourceConfig.FILE_MIN_AGE_MS);
        } else {
            Path moved = directory.moveToDone(currentFile);
            filesDone.incrementAndGet();
            LOG.info("Finished {}: {} rows read, {} dead-lettered; moved to {}", currentFile.getFileName(), fileRows,
                    fileDeadLetters, moved);
        }
        currentFile = null;
        currentVersion = null;
        currentPartition = null;
    }

    /**
     * Finishes a file whose every row was read and acknowledged, so a restart does not read it again. Bad rows
     * after its last record have no offset of their own, so a restart would dead-letter them a second time.
     */
    private void finishDrainedFile() {
        if (currentFile == null || !drained || unacknowledged.get(currentPartition).get() > 0) {
            return;
        }
        try {
            finishFileWhenAcknowledged();
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.warn("Failed to finish {} on stop; a restart reads it again from its committed offset", currentFile, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeCurrentReader() {
        if (currentReader == null) {
            return;
        }
        try {
            currentReader.close();
        } catch (IOException e) {
            LOG.warn("Failed to close {}", currentFile, e);
        }
        currentReader = null;
    }

    private void registerMetrics() {
        PluginMetrics metrics = context.pluginMetrics();
        if (metrics == null) {
            return;
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        addGauge(metrics, "rows-read-total", "Rows read from export files.", tags, rowsRead);
        addGauge(metrics, "records-total", "FeedbackEvent records produced.", tags, records);
        addGauge(metrics, "dead-letter-rows-total", "Bad rows sent to the dead letter topic.", tags, deadLetterRows);
        addGauge(metrics, "files-done-total", "Files moved to the done directory.", tags, filesDone);
    }

    private static void addGauge(PluginMetrics metrics, String name, String description,
                                 LinkedHashMap<String, String> tags, AtomicLong counter) {
        metrics.addMetric(metrics.metricName(name, description, tags), (Gauge<Long>) (metricConfig, now) -> counter.get());
    }
}
