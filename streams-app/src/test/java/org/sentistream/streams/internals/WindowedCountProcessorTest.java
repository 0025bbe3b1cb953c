package org.sentistream.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.SentimentLabel;

/** Window closing, updates after the close and expiry, with the store kept across a task restart. */
class WindowedCountProcessorTest {

    private static final long WINDOW_MS = 60_000;
    private static final long GRACE_MS = 10_000;
    private static final long START = 1_700_000_040_000L - Math.floorMod(1_700_000_040_000L, WINDOW_MS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("windows"), Serdes.String(), Serdes.String()).withLoggingDisabled().build();

    @Test
    void lateResultsUpdateWrittenWindowOnce() throws Exception {
        MockProcessorContext<String, String> first = context();
        WindowedCountProcessor task = processor(first, 3_600_000L);
        process(task, first, START + 1_000);
        process(task, first, START + 2_000);
        process(task, first, START + WINDOW_MS + GRACE_MS);
        assertEquals(List.of(2L), totals(first), "the window is written once when it closes");

        process(task, first, START + 3_000);
        process(task, first, START + 4_000);
        assertEquals(List.of(2L), totals(first), "late results wait for the update interval");
        punctuate(first);

        assertEquals(List.of(2L, 4L), totals(first), "one more write, with the whole count");
        punctuate(first);
        assertEquals(List.of(2L, 4L), totals(first), "nothing new to write");
    }

    /** A task that restarts or moves gets the store back from its changelog and the stream time from its commit. */
    @Test
    void restartedTaskUpdatesNotReopens() throws Exception {
        MockProcessorContext<String, String> before = context();
        WindowedCountProcessor task = processor(before, 3_600_000L);
        for (int i = 0; i < 5; i++) {
            process(task, before, START + i * 1_000L);
        }
        process(task, before, START + WINDOW_MS + GRACE_MS);
        assertEquals(List.of(5L), totals(before));

        MockProcessorContext<String, String> after = context();
        after.setCurrentStreamTimeMs(before.currentStreamTimeMs());
        WindowedCountProcessor restarted = processor(after, 3_600_000L);
        process(restarted, after, START + 500);
        punctuate(after);

        assertEquals(List.of(6L), totals(after), "the late result adds to the restored count, not to a new window");
    }

    /** An update that waited for the interval when its task stopped is written by the next owner. */
    @Test
    void pendingUpdateSurvivesRestart() throws Exception {
        MockProcessorContext<String, String> before = context();
        WindowedCountProcessor task = processor(before, 3_600_000L);
        process(task, before, START + 1_000);
        process(task, before, START + WINDOW_MS + GRACE_MS);
        process(task, before, START + 2_000);
        assertEquals(List.of(1L), totals(before), "the task stops before its update interval");

        MockProcessorContext<String, String> after = context();
        after.setCurrentStreamTimeMs(before.currentStreamTimeMs());
        WindowedCountProcessor restarted = processor(after, 3_600_000L);
        process(restarted, after, START + WINDOW_MS + GRACE_MS + 1_000);
        punctuate(after);

        assertEquals(List.of(2L), totals(after));
    }

    @Test
    void resultOlderThanRetentionDropped() throws Exception {
        MockProcessorContext<String, String> context = context();
        WindowedCountProcessor task = processor(context, 0L);
        process(task, context, START + 1_000);
        process(task, context, START + WINDOW_MS + GRACE_MS);
        assertEquals(List.of(1L), totals(context));

        process(task, context, START + 2_000);

        assertEquals(List.of(1L), totals(context), "no window is written for a result past the retention");
        assertTrue(store.approximateNumEntries() <= 1, "expired windows leave the store");
    }

    private static void punctuate(MockProcessorContext<String, String> context) {
        for (MockProcessorContext.CapturedPunctuator punctuator : context.scheduledPunctuators()) {
            punctuator.getPunctuator().punctuate(0L);
        }
    }

    private MockProcessorContext<String, String> context() {
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(0);
        if (!store.isOpen()) {
            store.init(context.getStateStoreContext(), store);
        }
        context.addStateStore(store);
        return context;
    }

    private static WindowedCountProcessor processor(MockProcessorContext<String, String> context, long retentionMs) {
        WindowedCountProcessor processor = new WindowedCountProcessor("aggregator", "windows", WINDOW_MS, GRACE_MS,
                retentionMs);
        processor.init(context);
        return processor;
    }

    private static void process(WindowedCountProcessor processor, MockProcessorContext<String, String> context,
            long timestamp) {
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), timestamp));
        AggregateInput input = new AggregateInput("SOCIAL_POST", "MASTODON", SentimentLabel.POSITIVE, 0.1, 0.2, 0.7);
        processor.process(new Record<>(input.groupKey(), input, timestamp));
    }

    private static List<Long> totals(MockProcessorContext<String, String> context) throws Exception {
        List<Long> totals = new ArrayList<>();
        for (MockProcessorContext.CapturedForward<? extends String, ? extends String> forward : context.forwarded()) {
            totals.add(JSON.readTree(forward.record().value()).get("total").asLong());
        }
        return totals;
    }
}
