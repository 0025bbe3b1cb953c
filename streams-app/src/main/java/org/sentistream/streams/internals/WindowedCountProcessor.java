package org.sentistream.streams.internals;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts results per input kind, source and label in tumbling windows of record time. A window is
 * written, as JSON, when it closes: when the task's stream time passes the window end plus the grace
 * period. The window then stays in the store for the retention period. A result that arrives after the
 * close, for example from an input partition whose instance failed, updates the stored count and writes
 * the window again with the new total. Read the aggregates topic as a table keyed by window.
 * A result older than the retention period is counted as late and dropped.
 *
 * <p>It reads the aggregate repartition topic, keyed by kind and source, so one task receives every result
 * of a kind and source. The record time of a result is the timestamp of its input record, which the event
 * time extractor derives from createdAt. The close decisions use the stream time of the task, which Kafka
 * Streams commits with the offsets and restores when the task restarts or moves, so a restarted task does
 * not reopen a window that it has written and deleted.
 */
public final class WindowedCountProcessor implements Processor<String, AggregateInput, String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowedCountProcessor.class);

    private final String nodeName;
    private final String storeName;
    private final long windowMs;
    private final long graceMs;
    private final long retentionMs;

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> windows;
    private ProcessorMetrics metrics;
    private Sensor lateRecords;
    private Sensor windowsEmitted;
    private Sensor windowUpdates;

    /** Window starts below this were closed and written when this task last looked; null before the first look. */
    private Long scannedUpTo;

    public WindowedCountProcessor(String nodeName, String storeName, long windowMs, long graceMs, long retentionMs) {
        this.nodeName = nodeName;
        this.storeName = storeName;
        this.windowMs = windowMs;
        this.graceMs = graceMs;
        this.retentionMs = retentionMs;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.windows = context.getStateStore(storeName);
        this.metrics = new ProcessorMetrics(context, nodeName);
        this.lateRecords = metrics.countSensor("aggregate-late-records",
                "results dropped because their window was older than aggregate.retention.ms");
        this.windowsEmitted = metrics.countSensor("aggregate-windows-emitted", "windows written to the aggregates topic");
        this.windowUpdates = metrics.countSensor("aggregate-window-updates",
                "windows written again because a result arrived after they closed");
    }

    @Override
    public void process(Record<String, AggregateInput> record) {
        long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
        long windowStart = record.timestamp() - Math.floorMod(record.timestamp(), windowMs);

        if (windowStart + windowMs + graceMs + retentionMs <= streamTime) {
            lateRecords.record();
            LOG.trace("Dropped late result {} for window starting at {}, older than the retention", record.key(),
                    windowStart);
        } else {
            count(record.value(), windowStart, streamTime);
        }

        emitClosedWindows(streamTime);
        expireOldWindows(streamTime);
    }

    private void count(AggregateInput input, long windowStart, long streamTime) {
        String key = storeKey(windowStart, input.kind(), input.source());
        String stored = windows.get(key);
        WindowCounts counts = stored == null
                ? WindowCounts.empty(input.kind(), input.source(), windowStart, windowStart + windowMs)
                : WindowCounts.fromStoreJson(stored);
        boolean writtenBefore = counts.emitted;
        counts.add(input);

        if (isClosed(windowStart, streamTime)) {
            // Written now, so that the topic's latest record of the window contains its whole count.
            // TODO: each late result writes its window again, so the recovery after a killed instance writes about one
            // record per late result. A wall-clock punctuator could write each updated window once per interval.
            counts.emitted = true;
            forward(counts);
            if (writtenBefore) {
                windowUpdates.record();
            }
        }
        windows.put(key, counts.toStoreJson());
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private boolean isClosed(long windowStart, long streamTime) {
        return windowStart + windowMs + graceMs <= streamTime;
    }

    /**
     * Writes the windows that closed since the last look and marks them as written. The first look of a task
     * scans every stored window, because a restored store may hold windows that closed while no task ran.
     */
    private void emitClosedWindows(long streamTime) {
        long closedBelow = streamTime - windowMs - graceMs + 1;
        if (scannedUpTo != null && closedBelow <= scannedUpTo) {
            return;
        }

        List<KeyValue<String, String>> closed = new ArrayList<>();
        String from = scannedUpTo == null ? null : storeKeyPrefix(scannedUpTo);
        try (KeyValueIterator<String, String> iterator = windows.range(from, null)) {
            while (iterator.hasNext()) {
                KeyValue<String, String> entry = iterator.next();
                if (windowStartOf(entry.key) >= closedBelow) {
                    break;
                }
                closed.add(entry);
            }
        }
        scannedUpTo = closedBelow;

        for (KeyValue<String, String> entry : closed) {
            WindowCounts counts = WindowCounts.fromStoreJson(entry.value);
            if (counts.emitted) {
                continue;
            }
            counts.emitted = true;
            forward(counts);
            windows.put(entry.key, counts.toStoreJson());
        }
    }

    /** Deletes the windows whose retention has passed; store keys sort by window start, so they come first. */
    private void expireOldWindows(long streamTime) {
        long expiredBelow = streamTime - windowMs - graceMs - retentionMs + 1;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> iterator = windows.all()) {
            while (iterator.hasNext()) {
                KeyValue<String, String> entry = iterator.next();
                if (windowStartOf(entry.key) >= expiredBelow) {
                    break;
                }
                expired.add(entry.key);
            }
        }
        for (String key : expired) {
            WindowCounts counts = WindowCounts.fromStoreJson(windows.get(key));
            if (!counts.emitted) {
                // Only a zero retention lets a window expire in the call that closes it.
                forward(counts);
            }
            windows.delete(key);
        }
    }

    private void forward(WindowCounts counts) {
        context.forward(new Record<>(counts.outputKey(), counts.outputJson(), counts.windowStartMs));
        windowsEmitted.record();
    }

    /** Returns the store key, {@code <window start, 20 digits>/<kind>/<source>}; window starts are never negative. */
    private static String storeKey(long windowStart, String kind, String source) {
        return storeKeyPrefix(windowStart) + "/" + kind + "/" + source;
    }

    private static String storeKeyPrefix(long windowStart) {
        return String.format("%020d", Math.max(0, windowStart));
    }

    private static long windowStartOf(String storeKey) {
        return Long.parseLong(storeKey.substring(0, 20));
    }
}
