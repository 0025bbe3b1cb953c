package org.sentistream.cli.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.sentistream.schemas.ComputeStats;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;

/**
 * The dashboard's figures, built from the records it reads: totals, results per second over a sliding
 * history, the label mix per source, the engines' work, the aggregate windows and the dead letters. Memory
 * is bounded: per-second buckets and windows older than the history are dropped, and only the latest dead
 * letters are kept. Thread-safe: the reader thread writes while HTTP threads take snapshots.
 */
public final class DashboardState {

    /** Dead letters kept for the table of recent ones. */
    static final int RECENT_DEAD_LETTERS = 20;
    /** Characters of a dead letter's error message shown, so a long message with input text is cut. */
    static final int ERROR_CHARS = 160;

    private final long historyMs;

    private long results;
    private long deadLetters;
    private long unreadable;
    private final long[] labelTotals = new long[SentimentLabel.values().length];
    private final Map<String, long[]> labelsBySource = new TreeMap<>();
    private final Map<String, Long> engines = new TreeMap<>();
    private final Map<String, Long> models = new TreeMap<>();
    private long statsResults;
    private double flopsRatioSum;
    private double int8FractionSum;
    private long tokenSum;
    private final TreeMap<Long, Bucket> seconds = new TreeMap<>();
    private final Map<String, Map<String, Object>> windows = new HashMap<>();
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private final List<Map<String, Object>> recentDeadLetters = new ArrayList<>();

    /** Results and label counts of one second of processing time. */
    private static final class Bucket {
        long results;
        final long[] labels = new long[SentimentLabel.values().length];
    }

    /** Creates an empty state that keeps {@code historyMs} of per-second buckets and windows. */
    public DashboardState(long historyMs) {
        this.historyMs = historyMs;
    }

    /** Counts one decoded result. */
    public synchronized void result(SentimentResult result) {
        results++;
        int label = result.getLabel().ordinal();
        labelTotals[label]++;
        labelsBySource.computeIfAbsent(result.getInputKind() + "/" + result.getSource(),
                k -> new long[SentimentLabel.values().length])[label]++;
        engines.merge(result.getEngine(), 1L, Long::sum);
        models.merge(result.getModelId(), 1L, Long::sum);
        tokenSum += result.getTokenCount();

        ComputeStats stats = result.getStats();
        if (stats != null && stats.getDenseFlops() > 0) {
            statsResults++;
            flopsRatioSum += (double) stats.getFlops() / stats.getDenseFlops();
            int8FractionSum += stats.getInt8Fraction();
        }

        Bucket bucket = seconds.computeIfAbsent(result.getProcessingTime() / 1000 * 1000, k -> new Bucket());
        bucket.results++;
        bucket.labels[label]++;
    }

    /** Keeps the latest value of one aggregate window, keyed as on the aggregates topic. */
    public synchronized void window(String key, Map<String, Object> value) {
        windows.put(key, value);
    }

    /** Counts one dead letter and keeps it among the recent ones. */
    public synchronized void deadLetter(String reason, String sourceTopic, String sourcePartition, String sourceOffset,
            String error, long timestampMs) {
        deadLetters++;
        deadLetterReasons.merge(reason, 1L, Long::sum);

        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", timestampMs);
        entry.put("reason", reason);
        entry.put("source", sourceTopic + "-" + sourcePartition + "@" + sourceOffset);
        entry.put("error", error == null || error.length() <= ERROR_CHARS ? error : error.substring(0, ERROR_CHARS) + "...");
        // Partitions are read in any order, and a restarted dashboard reads them from the start, so the
        // list is kept sorted by time, newest first, rather than in arrival order.
        int position = 0;
        while (position < recentDeadLetters.size() && (long) recentDeadLetters.get(position).get("time") >= timestampMs) {
            position++;
        }
        recentDeadLetters.add(position, entry);
        if (recentDeadLetters.size() > RECENT_DEAD_LETTERS) {
            recentDeadLetters.remove(recentDeadLetters.size() - 1);
        }
    }

    /** Counts a record that could not be decoded. */
    public synchronized void unreadable() {
        unreadable++;
    }

    /** Returns the state as a JSON-ready map, dropping buckets and windows older than the history first. */
    public synchronized Map<String, Object> snapshot(long nowMs) {
        long oldest = nowMs - historyMs;
        seconds.headMap(oldest / 1000 * 1000).clear();
        windows.values().removeIf(window -> ((Number) window.getOrDefault("windowEndMs", 0L)).longValue() < oldest);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("now", nowMs);
        json.put("history_ms", historyMs);
        json.put("results", results);
        json.put("dead_letters", deadLetters);
        json.put("unreadable", unreadable);
        json.put("labels", labelMap(labelTotals));
        Map<String, Object> bySource = new LinkedHashMap<>();
        labelsBySource.forEach((source, counts) -> bySource.put(source, labelMap(counts)));
        json.put("by_source", bySource);
        json.put("engines", new LinkedHashMap<>(engines));
        json.put("models", new LinkedHashMap<>(models));
        json.put("tokens_mean", results == 0 ? 0 : (double) tokenSum / results);
        json.put("flops_ratio_mean", statsResults == 0 ? null : flopsRatioSum / statsResults);
        json.put("int8_fraction_mean", statsResults == 0 ? null : int8FractionSum / statsResults);

        List<Map<String, Object>> throughput = new ArrayList<>();
        seconds.forEach((second, bucket) -> {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("t", second);
            point.put("results", bucket.results);
            point.put("labels", labelMap(bucket.labels));
            throughput.add(point);
        });
        json.put("throughput", throughput);

        List<Map<String, Object>> windowList = new ArrayList<>(windows.values());
        windowList.sort((a, b) -> Long.compare(((Number) a.getOrDefault("windowStartMs", 0L)).longValue(),
                ((Number) b.getOrDefault("windowStartMs", 0L)).longValue()));
        json.put("windows", windowList);
        json.put("dead_letter_reasons", new LinkedHashMap<>(deadLetterReasons));
        json.put("recent_dead_letters", new ArrayList<>(recentDeadLetters));
        return json;
    }

    private static Map<String, Long> labelMap(long[] counts) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (SentimentLabel label : SentimentLabel.values()) {
            map.put(label.name().toLowerCase(Locale.ROOT), counts[label.ordinal()]);
        }
        return map;
    }
}
