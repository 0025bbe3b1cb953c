package org.sentistream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sentistream.engine.ComputeStats;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.Sentiment;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.eval.LabelledData;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.quicksilver.QuickSilver;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;
import org.sentistream.streams.SentimentAppConfig;

/**
 * {@code bench-engines}: classifies the same labelled texts with the encoder's fp32 export run
 * whole, its int8 export run whole and QuickSilver, in turn, for several rounds in one process,
 * and reports each engine's texts/s, macro recall and work. Engines alternate within every round,
 * so load from other processes on the machine hits all of them alike; compare the ratios, not the
 * absolute rates.
 */
public final class BenchEnginesCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("data", "encoder", "head", "preset", "rounds", "limit",
            "batch-size", "call-size", "threads", "max-tokens", "set");
    private static final Set<String> FLAGS = Set.of("json", "baselines");

    @Override
    public String name() {
        return "bench-engines";
    }

    @Override
    public String summary() {
        return "Compare texts/s and macro recall of the whole fp32 model, its int8 export and QuickSilver";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--data FILE [options]",
                "  --data FILE        labelled JSONL file ({\"text\", \"label\"} per line)",
                "  --encoder E        e5-small-v2 or all-minilm-l6-v2 (default " + EngineConfig.DEFAULT_ENCODER + ")",
                "  --head H           bundled head name or head JSON file (default tweet3); the whole models",
                "                     read it as named, QuickSilver reads H-P, the head matched to preset P,",
                "                     when its settings are P's and that head is bundled",
                QuickSilverArgs.USAGE_PRESET,
                QuickSilverArgs.USAGE_SET,
                "  --rounds N         timed rounds per engine, after one warm-up pass (default 3)",
                "  --limit N          use only the first N rows (default 0 = all)",
                "  --batch-size N     texts per ONNX Runtime batch (default 32)",
                "  --call-size N      texts per classify call, sorted by length inside the call (default 256)",
                "  --threads N        ONNX Runtime intra-op threads, shared by all sessions (default 2)",
                "  --max-tokens N     window in tokens, special tokens included (default 512)",
                "  --baselines        also run QuickSilver with every mechanism off, packed and padded, with the",
                "                     layer norms of the QuickSilver settings (quicksilver.fused-norm)",
                "  --json             print one JSON summary as the last line of standard output");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Termination.haltOnSignal();
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        Path data = args.inputFile("data");
        int rounds = args.getInt("rounds", 3, 1);
        int callSize = args.getInt("call-size", 256, 1);
        EngineConfig config;
        QuickSilverConfig settings;
        try {
            config = new EngineConfig(args.get("encoder", EngineConfig.DEFAULT_ENCODER), args.get("head", null),
                    args.getInt("threads", 2, 1, SentimentAppConfig.MAX_ENGINE_THREADS), args.getInt("max-tokens", 512, 8, EngineConfig.MAX_TOKENS), args.getInt("batch-size", 32, 1));
            settings = QuickSilverArgs.settings(args);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }

        List<LabelledText> rows = LabelledData.read(data, args.getInt("limit", 0, 0));
        if (rows.isEmpty()) {
            throw new Args.UsageException("Data file " + data + " has no rows");
        }
        List<String> texts = rows.stream().map(LabelledText::text).toList();

        // QuickSilver first: it creates the ORT environment with the shared thread pool that every engine then uses.
        Map<String, SentimentClassifier> engines = new LinkedHashMap<>();
        try {
            engines.put("quicksilver", QuickSilver.create(config, settings));
            engines.put("fp32", QuickSilver.wholeModel(config, false));
            engines.put("int8", QuickSilver.wholeModel(config, true));
            if (args.flag("baselines")) {
                for (Map.Entry<String, QuickSilverConfig> baseline : baselines(settings).entrySet()) {
                    engines.put(baseline.getKey(), QuickSilver.create(config, baseline.getValue()));
                }
            }

            Map<String, EngineRun> runs = new LinkedHashMap<>();
            for (Map.Entry<String, SentimentClassifier> engine : engines.entrySet()) {
                // Warm up on every text, because each layer-wise session grows its memory arena for the shapes it meets.
                // After a warm-up of one call, the first timed round of `balanced` ran at 213 texts/s and later ones at
                // about 265 (e5-small-v2, 2 cores).
                System.err.printf(Locale.ROOT, "Warming up %s (%s) on %d texts%n", engine.getKey(),
                        engine.getValue().info().engine(), texts.size());
                classifyAll(engine.getValue(), texts, callSize);
                runs.put(engine.getKey(), new EngineRun(engine.getValue().info().engine()));
            }
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, SentimentClassifier> engine : engines.entrySet()) {
                    long start = System.nanoTime();
                    List<Prediction> predictions = classifyAll(engine.getValue(), texts, callSize);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    EngineRun run = runs.get(engine.getKey());
                    run.rates.add(texts.size() / seconds);
                    run.predictions = predictions;
                    System.err.printf(Locale.ROOT, "Round %d/%d %-17s %7.1f texts/s%n", round, rounds, engine.getKey(),
                            texts.size() / seconds);
                }
            }

            Map<String, Object> summary = summary(data, config, settings, rows, runs, rounds);
            printReport(summary);
            if (args.flag("json")) {
                System.out.println(new ObjectMapper().writeValueAsString(summary));
            }
        } finally {
            for (SentimentClassifier classifier : engines.values()) {
                classifier.close();
            }
        }
        return 0;
    }

    /**
     * Returns the settings of the baselines: preset {@code off} packed and padded, with the layer norms of
     * {@code settings}, so that a baseline differs from the measured run by its mechanisms only.
     */
    static Map<String, QuickSilverConfig> baselines(QuickSilverConfig settings) {
        QuickSilverConfig off = QuickSilverPreset.OFF.config().withFusedNorm(settings.fusedNorm());
        Map<String, QuickSilverConfig> baselines = new LinkedHashMap<>();
        baselines.put("layerwise_packed", off);
        baselines.put("layerwise_padded", off.withPadded(true));
        return baselines;
    }

    private static List<Prediction> classifyAll(SentimentClassifier classifier, List<String> texts, int callSize) {
        List<Prediction> predictions = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += callSize) {
            predictions.addAll(classifier.classify(texts.subList(start, Math.min(texts.size(), start + callSize))));
        }
        return predictions;
    }

    private static Map<String, Object> summary(Path data, EngineConfig config, QuickSilverConfig settings,
            List<LabelledText> rows, Map<String, EngineRun> runs, int rounds) {
        List<Prediction> reference = runs.get("fp32").predictions;
        Map<String, Object> engines = new LinkedHashMap<>();
        for (Map.Entry<String, EngineRun> run : runs.entrySet()) {
            engines.put(run.getKey(), run.getValue().describe(rows, reference));
        }

        double quicksilverRate = runs.get("quicksilver").median();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data.toString());
        json.put("texts", rows.size());
        json.put("encoder", config.encoder());
        json.put("preset", settings.preset());
        json.put("settings", settings.toProperties());
        json.put("rounds", rounds);
        json.put("warmup_texts", rows.size());
        json.put("batch_size", config.maxBatchSize());
        json.put("threads", config.intraOpThreads());
        json.put("speedup", round(quicksilverRate / runs.get("fp32").median(), 3));
        json.put("speedup_vs_int8", round(quicksilverRate / runs.get("int8").median(), 3));
        @SuppressWarnings("unchecked")
        Map<String, Object> quicksilver = (Map<String, Object>) engines.get("quicksilver");
        json.put("flops_ratio", quicksilver.get("flops_ratio"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fp32 = (Map<String, Object>) engines.get("fp32");
        json.put("macro_recall_delta", round((double) quicksilver.get("macro_recall") - (double) fp32.get("macro_recall"), 4));
        json.put("engines", engines);
        return json;
    }

    private static void printReport(Map<String, Object> summary) {
        System.out.printf(Locale.ROOT, "%-17s %-22s %9s %8s %8s %7s %7s %8s%n", "engine", "id", "texts/s", "recall",
                "changed", "flops", "int8", "speedup");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> engines = (Map<String, Map<String, Object>>) summary.get("engines");
        double fp32 = (double) engines.get("fp32").get("texts_per_s");
        for (Map.Entry<String, Map<String, Object>> engine : engines.entrySet()) {
            Map<String, Object> e = engine.getValue();
            System.out.printf(Locale.ROOT, "%-17s %-22s %9.1f %8.4f %8.4f %7.3f %7.3f %8.2f%n", engine.getKey(),
                    e.get("engine_id"), (double) e.get("texts_per_s"), (double) e.get("macro_recall"),
                    (double) e.get("changed_vs_fp32"), (double) e.get("flops_ratio"), (double) e.get("int8_fraction"),
                    (double) e.get("texts_per_s") / fp32);
        }
        System.out.printf(Locale.ROOT, "QuickSilver %s: %.2fx the fp32 whole model, %.2fx the int8 export, FLOPs ratio %s, "
                        + "macro recall delta %+.4f%n", summary.get("preset"), (double) summary.get("speedup"),
                (double) summary.get("speedup_vs_int8"), summary.get("flops_ratio"), (double) summary.get("macro_recall_delta"));
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** Rates and last predictions of one engine. */
    private static final class EngineRun {
        final String engineId;
        final List<Double> rates = new ArrayList<>();
        List<Prediction> predictions;

        EngineRun(String engineId) {
            this.engineId = engineId;
        }

        double median() {
            double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }

        Map<String, Object> describe(List<LabelledText> rows, List<Prediction> reference) {
            Map<Sentiment, long[]> recall = new HashMap<>();
            long correct = 0;
            long changed = 0;
            long flops = 0;
            long denseFlops = 0;
            long updates = 0;
            long denseUpdates = 0;
            double int8Updates = 0;
            long tokens = 0;
            long halted = 0;
            long fused = 0;
            long skipped = 0;
            for (int i = 0; i < rows.size(); i++) {
                Prediction prediction = predictions.get(i);
                Sentiment gold = rows.get(i).label();
                long[] counts = recall.computeIfAbsent(gold, g -> new long[2]);
                counts[1]++;
                if (prediction.label() == gold) {
                    counts[0]++;
                    correct++;
                }
                if (prediction.label() != reference.get(i).label()) {
                    changed++;
                }
                ComputeStats stats = prediction.stats();
                flops += stats.flops();
                denseFlops += stats.denseFlops();
                updates += stats.tokenLayerUpdates();
                denseUpdates += stats.denseTokenLayerUpdates();
                int8Updates += (double) stats.int8Fraction() * stats.tokenLayerUpdates();
                tokens += prediction.tokenCount();
                halted += stats.haltedTokens();
                fused += stats.fusedTokens();
                skipped += stats.skippedKeys();
            }
            double macroRecall = recall.values().stream().mapToDouble(c -> (double) c[0] / c[1]).average().orElse(0);

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("engine_id", engineId);
            json.put("texts_per_s", round(median(), 1));
            json.put("rounds_texts_per_s", rates.stream().map(r -> round(r, 1)).toList());
            json.put("macro_recall", round(macroRecall, 4));
            json.put("accuracy", round((double) correct / rows.size(), 4));
            json.put("changed_vs_fp32", round((double) changed / rows.size(), 4));
            json.put("flops_ratio", round((double) flops / denseFlops, 4));
            json.put("updates_ratio", round((double) updates / denseUpdates, 4));
            json.put("int8_fraction", round(updates == 0 ? 0 : int8Updates / updates, 4));
            json.put("halted_fraction", round((double) halted / tokens, 4));
            json.put("fused_fraction", round((double) fused / tokens, 4));
            json.put("skipped_key_fraction", round((double) skipped / tokens, 4));
            return json;
        }
    }
}
