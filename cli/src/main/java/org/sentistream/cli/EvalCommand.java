package org.sentistream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sentistream.engine.Classifiers;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.Sentiment;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.eval.EvaluationResult;
import org.sentistream.engine.eval.Evaluator;
import org.sentistream.engine.eval.LabelledData;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.eval.Metrics;
import org.sentistream.engine.quicksilver.QuickSilver;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.streams.SentimentAppConfig;

/**
 * {@code eval}: classifies a labelled JSONL file and prints accuracy, macro recall, macro F1, the
 * confusion matrix and throughput; with {@code --json} also one JSON summary as the last line.
 */
public final class EvalCommand implements Command {

    /** ONNX Runtime batches per classify call; see where it is used. */
    private static final int SORTED_BATCHES_PER_CALL = 32;


    private static final Set<String> VALUE_OPTIONS = Set.of("data", "encoder", "head", "limit", "batch-size",
            "threads", "engine", "max-tokens", "preset", "set");
    private static final Set<String> FLAGS = Set.of("json");
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "Measure accuracy, macro recall, macro F1 and texts/s on a labelled JSONL file";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--data FILE [options]",
                "  --data FILE        labelled JSONL file ({\"text\", \"label\"} per line)",
                "  --encoder E        " + String.join(" or ", Classifiers.encoders()) + " (default " + EngineConfig.DEFAULT_ENCODER + ")",
                "  --head H           bundled head name " + Classifiers.bundledHeads() + " or head JSON file (default tweet3)",
                "  --limit N          score only the first N rows (default 0 = all)",
                "  --batch-size N     texts per classify call and per ONNX Runtime call (default 32)",
                "  --threads N        ONNX Runtime intra-op threads (default 2)",
                "  --max-tokens N     window in tokens, special tokens included (default 512)",
                QuickSilverArgs.USAGE_ENGINE + " (default dense)",
                QuickSilverArgs.USAGE_PRESET,
                QuickSilverArgs.USAGE_SET,
                "  --json             print one JSON summary as the last line of standard output");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Termination.haltOnSignal();
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        Path data = args.inputFile("data");
        String engine = QuickSilverArgs.engine(args, QuickSilverArgs.DENSE);
        QuickSilverConfig settings = engine.equals(QuickSilverArgs.QUICKSILVER) ? QuickSilverArgs.settings(args) : null;
        if (settings == null && (args.has("preset") || !args.getAll("set").isEmpty())) {
            throw new Args.UsageException("--preset and --set apply to the QuickSilver engine: add --engine quicksilver");
        }
        int batchSize = args.getInt("batch-size", 32, 1);
        int threads = args.getInt("threads", 2, 1, SentimentAppConfig.MAX_ENGINE_THREADS);

        EngineConfig config;
        try {
            config = new EngineConfig(args.get("encoder", EngineConfig.DEFAULT_ENCODER), args.get("head", null),
                    threads, args.getInt("max-tokens", 512, 8, EngineConfig.MAX_TOKENS), batchSize);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }

        List<LabelledText> rows = LabelledData.read(data, args.getInt("limit", 0, 0));
        if (rows.isEmpty()) {
            throw new Args.UsageException("Data file " + data + " has no rows");
        }

        EvaluationResult result;
        ModelInfo info;
        try (SentimentClassifier classifier = createClassifier(config, settings)) {
            info = classifier.info();
            System.err.printf(Locale.ROOT, "Evaluating %s (%s) on %d texts of %s%n", info.modelId(), info.engine(), rows.size(), data);
            // The engine sorts the texts of one classify call by length before cutting them into ONNX Runtime
            // batches of batchSize, so handing it many batches at once pads far less, as any bulk job would.
            int textsPerCall = batchSize * SORTED_BATCHES_PER_CALL;
            result = new Evaluator(classifier, textsPerCall).evaluate(rows, new ProgressPrinter(rows.size()));
        }

        if (!result.unpredictableLabels().isEmpty()) {
            System.err.printf(Locale.ROOT, "WARN: %s gave probability 0 to the data's label(s) %s for every text, so their "
                    + "recall is 0 and macro recall still averages over them; use a head trained on these labels%n",
                    info.modelId(), labelNames(result.unpredictableLabels()));
        }
        printReport(data, info, result);
        if (args.flag("json")) {
            System.out.println(new ObjectMapper().writeValueAsString(summary(engine, settings, data, info, config, result)));
        }
        return 0;
    }

    private static SentimentClassifier createClassifier(EngineConfig config, QuickSilverConfig settings) {
        try {
            return settings == null ? Classifiers.create(config) : QuickSilver.create(config, settings);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    private static void printReport(Path data, ModelInfo info, EvaluationResult result) {
        Metrics m = result.metrics();
        System.out.printf(Locale.ROOT, "Data        %s (%d texts, scored on %s)%n", data, m.texts(), labelNames(m.labels()));
        System.out.printf(Locale.ROOT, "Model       %s, version %s, engine %s%n", info.modelId(), info.modelVersion(), info.engine());
        System.out.printf(Locale.ROOT, "Accuracy    %.4f%n", m.accuracy());
        System.out.printf(Locale.ROOT, "Macro recall %.4f   Macro F1 %.4f%n", m.macroRecall(), m.macroF1());
        for (Map.Entry<String, Double> recall : m.recallByLabel().entrySet()) {
            System.out.printf(Locale.ROOT, "  recall %-9s %.4f%n", recall.getKey(), recall.getValue());
        }
        System.out.printf(Locale.ROOT, "Throughput  %.1f texts/s (%.1f s in classify calls, tokenization included), %d truncated%n",
                result.textsPerSecond(), result.seconds(), result.truncatedTexts());

        System.out.println("Confusion matrix (rows gold, columns predicted):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-9s", ""));
        for (Sentiment label : m.labels()) {
            header.append(String.format(Locale.ROOT, " %9s", label.dataLabel()));
        }
        System.out.println(header);
        for (int gold = 0; gold < m.labels().size(); gold++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-9s", m.labels().get(gold).dataLabel()));
            for (long count : m.confusion()[gold]) {
                row.append(String.format(Locale.ROOT, " %9d", count));
            }
            System.out.println(row);
        }
    }

    private static Map<String, Object> summary(String engine, QuickSilverConfig settings, Path data, ModelInfo info,
            EngineConfig config, EvaluationResult result) {
        Metrics m = result.metrics();
        String modelId = info.modelId();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("engine", engine);
        json.put("preset", settings == null ? null : settings.preset());
        json.put("encoder", config.encoder());
        json.put("head", modelId.substring(modelId.indexOf('/') + 1));
        json.put("model_id", modelId);
        json.put("model_version", info.modelVersion());
        json.put("engine_id", info.engine());
        json.put("data", data.toString());
        json.put("texts", m.texts());
        json.put("accuracy", Metrics.round4(m.accuracy()));
        json.put("macro_recall", Metrics.round4(m.macroRecall()));
        json.put("macro_f1", Metrics.round4(m.macroF1()));
        Map<String, Double> recall = new LinkedHashMap<>();
        m.recallByLabel().forEach((label, value) -> recall.put(label, Metrics.round4(value)));
        json.put("recall", recall);
        json.put("texts_per_s", Math.round(result.textsPerSecond() * 10) / 10.0);
        json.put("seconds", Math.round(result.seconds() * 100) / 100.0);
        json.put("flops_ratio", Metrics.round4(result.flopsRatio()));
        json.put("int8_fraction", Metrics.round4(result.int8Fraction()));
        json.put("truncated", result.truncatedTexts());
        if (settings != null) {
            json.put("settings", settings.toProperties());
        }
        json.put("batch_size", config.maxBatchSize());
        json.put("threads", config.intraOpThreads());
        Map<String, Object> confusion = new LinkedHashMap<>();
        confusion.put("labels", labelNames(m.labels()));
        confusion.put("matrix", m.confusion());
        json.put("confusion", confusion);
        return json;
    }

    private static List<String> labelNames(List<Sentiment> labels) {
        return labels.stream().map(Sentiment::dataLabel).collect(Collectors.toList());
    }

    /** Prints texts done and the rate to standard error at most every few seconds. */
    private static final class ProgressPrinter implements java.util.function.LongConsumer {

        private final int total;
        private final long start = System.nanoTime();
        private long lastReport = start;

        ProgressPrinter(int total) {
            this.total = total;
        }

        @Override
        public void accept(long done) {
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_NANOS && done < total) {
                System.err.printf(Locale.ROOT, "  %d/%d texts, %.1f texts/s%n", done, total, done / ((now - start) / 1e9));
                lastReport = now;
            }
        }
    }
}
