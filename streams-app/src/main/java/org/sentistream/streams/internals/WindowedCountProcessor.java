package org.sentistream.streams.internals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
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
 * close, for example from an input partition whose instance failed, updates the stored count, and the
 * window is written again with the new total at the next update interval ({@value #UPDATE_INTERVAL_MS} ms of
 * wall-clock time), once however many late results it got. Read the aggregates topic as a table keyed by window.
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

    /** Wall-clock interval in ms at which windows updated after their close are written again. */
    static final long UPDATE_INTERVAL_MS = 1_000;

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

    /** Windows that start below this were closed and written by this task; null before its first check. */
    private Long closedBelowDone;

    /** Windows that start below this were deleted by this task; null before its first check. */
    private Long expiredBelowDone;

    /** Store keys of closed windows with results not yet written; the store marks them too, for a restart. */
    private final Set<String> pendingUpdates = new TreeSet<>();

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
                "windows written again because results arrived after they closed");
        context.schedule(Duration.ofMillis(UPDATE_INTERVAL_MS), PunctuationType.WALL_CLOCK_TIME, now -> writeUpdates());
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
        counts.add(input);

        if (isClosed(windowStart, streamTime)) {
            // Written at the next update interval, so that many late results cost one record per window.
            counts.pendingUpdate = true;
            pendingUpdates.add(key);
        }
        windows.put(key, counts.toStoreJson());
    }

    /** Writes each window that received results after it closed, once, with its whole count. */
    private void writeUpdates() {
        for (String key : pendingUpdates) {
            String stored = windows.get(key);
            if (stored == null) {
                continue;
            }
            WindowCounts counts = WindowCounts.fromStoreJson(stored);
            if (counts.emitted) {
                windowUpdates.record();
            }
            counts.emitted = true;
            counts.pendingUpdate = false;
            forward(counts);
            windows.put(key, counts.toStoreJson());
        }
        pendingUpdates.clear();
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
     * Writes the windows that closed since the last call and marks them as written. It reads the store only
     * when stream time passes the next window boundary. The first call of a task reads every stored window,
     * because a restored store may hold windows that closed while no task ran.
     */
    private void emitClosedWindows(long streamTime) {
        long closedBelow = alignUp(streamTime - windowMs - graceMs + 1);
        if (closedBelowDone != null && closedBelow <= closedBelowDone) {
            return;
        }

        List<KeyValue<String, String>> closed = windowsBetween(closedBelowDone, closedBelow);
        closedBelowDone = closedBelow;

        for (KeyValue<String, String> entry : closed) {
            WindowCounts counts = WindowCounts.fromStoreJson(entry.value);
            if (counts.pendingUpdate) {
                // Left by a task that stopped before its update interval, so this one writes it.
                pendingUpdates.add(entry.key);
                continue;
            }
            if (counts.emitted) {
                continue;
            }
            counts.emitted = true;
            forward(counts);
            windows.put(entry.key, counts.toStoreJson());
        }
    }

    /** Deletes the windows whose retention has passed, when stream time passes the next window boundary. */
    private void expireOldWindows(long streamTime) {
        long expiredBelow = alignUp(streamTime - windowMs - graceMs - retentionMs + 1);
        if (expiredBelowDone != null && expiredBelow <= expiredBelowDone) {
            return;
        }

        for (KeyValue<String, String> entry : windowsBetween(expiredBelowDone, expiredBelow)) {
            WindowCounts counts = WindowCounts.fromStoreJson(entry.value);
            if (!counts.emitted || counts.pendingUpdate) {
                // Only a short retention lets a window expire before its first or its updated count is written.
                forward(counts);
            }
            pendingUpdates.remove(entry.key);
            windows.delete(entry.key);
        }
        expiredBelowDone = expiredBelow;
    }

    /**
     * Returns the stored windows that start at {@code from} or later (null: from the first) and before
     * {@code below}. Store keys begin with the zero-padded window start, so they sort by it, and the bare
     * prefix of {@code below} sorts before every key of that window.
     */
    private List<KeyValue<String, String>> windowsBetween(Long from, long below) {
        List<KeyValue<String, String>> entries = new ArrayList<>();
        String fromKey = from == null ? null : storeKeyPrefix(from);
        try (KeyValueIterator<String, String> iterator = windows.range(fromKey, storeKeyPrefix(below))) {
            while (iterator.hasNext()) {
                entries.add(iterator.next());
            }
        }
        return entries;
    }

    /** Returns the smallest window start at or above {@code time}; window starts are multiples of the window size. */
    private long alignUp(long time) {
        return time + Math.floorMod(-time, windowMs);
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
}
