package org.sentistream.streams.internals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sentistream.schemas.SentimentLabel;

/**
 * Label counts and probability sums of the results of one input kind and source in one time window.
 * Stored as JSON in the aggregate store, and rendered as the JSON value of the aggregates topic.
 */
public final class WindowCounts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SentimentLabel[] LABELS = SentimentLabel.values();

    public String kind;
    public String source;
    public long windowStartMs;
    public long windowEndMs;
    /** Counts indexed by {@link SentimentLabel#ordinal()}. */
    public long[] counts = new long[LABELS.length];
    /** Sums of the class probabilities, indexed by {@link SentimentLabel#ordinal()}. */
    public double[] probabilitySums = new double[LABELS.length];
    /** True once the window closed and was written to the aggregates topic. */
    public boolean emitted;
    /** True while results that arrived after the close wait for the next write of the window. */
    public boolean pendingUpdate;

    public static WindowCounts empty(String kind, String source, long windowStartMs, long windowEndMs) {
        WindowCounts window = new WindowCounts();
        window.kind = kind;
        window.source = source;
        window.windowStartMs = windowStartMs;
        window.windowEndMs = windowEndMs;
        return window;
    }

    public void add(AggregateInput input) {
        counts[input.label().ordinal()]++;
        probabilitySums[SentimentLabel.NEGATIVE.ordinal()] += input.probNegative();
        probabilitySums[SentimentLabel.NEUTRAL.ordinal()] += input.probNeutral();
        probabilitySums[SentimentLabel.POSITIVE.ordinal()] += input.probPositive();
    }

    public long total() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /** Returns the key on the aggregates topic: {@code <kind>/<source>/<windowStartIso>}. */
    public String outputKey() {
        return kind + "/" + source + "/" + Instant.ofEpochMilli(windowStartMs);
    }

    /**
     * Returns the value on the aggregates topic, for example {@code {"kind":"SOCIAL_POST","source":"TWITTER",
     * "windowStart":"...","windowEnd":"...","windowStartMs":...,"windowEndMs":...,"total":3,
     * "counts":{"NEGATIVE":1,"NEUTRAL":0,"POSITIVE":2},"meanProbabilities":{"NEGATIVE":0.31,...}}}.
     */
    public String outputJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", kind);
        node.put("source", source);
        node.put("windowStart", Instant.ofEpochMilli(windowStartMs).toString());
        node.put("windowEnd", Instant.ofEpochMilli(windowEndMs).toString());
        node.put("windowStartMs", windowStartMs);
        node.put("windowEndMs", windowEndMs);
        long total = total();
        node.put("total", total);

        Map<String, Long> countsByLabel = new LinkedHashMap<>();
        Map<String, Double> meansByLabel = new LinkedHashMap<>();
        for (SentimentLabel label : LABELS) {
            countsByLabel.put(label.name(), counts[label.ordinal()]);
            meansByLabel.put(label.name(), total == 0 ? 0.0 : probabilitySums[label.ordinal()] / total);
        }
        node.set("counts", JSON.valueToTree(countsByLabel));
        node.set("meanProbabilities", JSON.valueToTree(meansByLabel));
        return node.toString();
    }

    /** Returns the stored form. */
    public String toStoreJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to write window counts of " + outputKey() + " as JSON", e);
        }
    }

    public static WindowCounts fromStoreJson(String json) {
        try {
            return JSON.readValue(json, WindowCounts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt entry in the aggregate store: " + e.getOriginalMessage(), e);
        }
    }
}
