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
 * Counts results per input kind, source and label in tumbling windows of record time, and emits each
 * window once, as JSON, when it closes: when the largest record timestamp seen passes the window end plus
 * the grace period. A result for a window that has already closed is counted as late and dropped.
 *
 * <p>It reads the aggregate repartition topic, keyed by kind and source, so one task sees every result
 * of a kind and source and each window is emitted once with its full count. The record time of a result
 * is the timestamp of its input record, which the event time extractor derives from createdAt. Only
 * open windows are kept, so the store stays small: about (kinds x sources x open windows) entries.
 */
public final class WindowedCountProcessor implements Processor<String, AggregateInput, String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowedCountProcessor.class);

    private final String nodeName;
    private final String storeName;
    private final long windowMs;
    private final long graceMs;

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> windows;
    private ProcessorMetrics metrics;
    private Sensor lateRecords;
    private Sensor windowsEmitted;
    private long observedTimeMs = Long.MIN_VALUE;

    public WindowedCountProcessor(String nodeName, String storeName, long windowMs, long graceMs) {
        this.nodeName = nodeName;
        this.storeName = storeName;
        this.windowMs = windowMs;
        this.graceMs = graceMs;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.windows = context.getStateStore(storeName);
        this.metrics = new ProcessorMetrics(context, nodeName);
        this.lateRecords = metrics.countSensor("aggregate-late-records", "results dropped because their window had closed");
        this.windowsEmitted = metrics.countSensor("aggregate-windows-emitted", "windows written to the aggregates topic");
    }

    @Override
    public void process(Record<String, AggregateInput> record) {
        long timestamp = record.timestamp();
        observedTimeMs = Math.max(observedTimeMs, timestamp);
        long windowStart = timestamp - Math.floorMod(timestamp, windowMs);

        if (isClosed(windowStart)) {
            lateRecords.record();
            LOG.trace("Dropped late result {} for closed window starting at {}", record.key(), windowStart);
        } else {
            AggregateInput input = record.value();
            String key = storeKey(windowStart, input.kind(), input.source());
            String stored = windows.get(key);
            WindowCounts counts = stored == null
                    ? WindowCounts.empty(input.kind(), input.source(), windowStart, windowStart + windowMs)
                    : WindowCounts.fromStoreJson(stored);
            counts.add(input);
            windows.put(key, counts.toStoreJson());
        }

        emitClosedWindows();
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private boolean isClosed(long windowStart) {
        return observedTimeMs != Long.MIN_VALUE && windowStart + windowMs + graceMs <= observedTimeMs;
    }

    /** Emits and deletes the closed windows; store keys start with the zero-padded window start, so they sort by time. */
    private void emitClosedWindows() {
        List<KeyValue<String, String>> closed = new ArrayList<>();
        try (KeyValueIterator<String, String> iterator = windows.all()) {
            while (iterator.hasNext()) {
                KeyValue<String, String> entry = iterator.next();
                if (!isClosed(windowStartOf(entry.key))) {
                    break;
                }
                closed.add(entry);
            }
        }

        for (KeyValue<String, String> entry : closed) {
            WindowCounts counts = WindowCounts.fromStoreJson(entry.value);
            context.forward(new Record<>(counts.outputKey(), counts.outputJson(), counts.windowStartMs));
            windows.delete(entry.key);
            windowsEmitted.record();
        }
    }

    /** Returns the store key, {@code <window start, 20 digits>/<kind>/<source>}; window starts are never negative. */
    private static String storeKey(long windowStart, String kind, String source) {
        return String.format("%020d/%s/%s", windowStart, kind, source);
    }

    private static long windowStartOf(String storeKey) {
        return Long.parseLong(storeKey.substring(0, 20));
    }
}
