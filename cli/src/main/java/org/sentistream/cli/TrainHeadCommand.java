package org.sentistream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.eval.Metrics;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;
import org.sentistream.engine.training.HeadTrainer;
import org.sentistream.engine.training.TrainingOptions;
import org.sentistream.engine.training.TrainingResult;
import org.sentistream.streams.SentimentAppConfig;

/** {@code train-head}: trains a softmax head on frozen encoder embeddings and writes its JSON file. */
public final class TrainHeadCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("data", "validation", "test", "encoder", "labels", "out",
            "name", "l2", "prefix", "class-weight", "limit", "sample", "cache-dir", "threads", "batch-size", "max-tokens", "engine",
            "preset", "set");
    private static final Set<String> FLAGS = Set.of("no-prefix", "json");

    @Override
    public String name() {
        return "train-head";
    }

    @Override
    public String summary() {
        return "Train a sentiment head on encoder embeddings of a labelled JSONL file";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--data FILE [options]",
                "  --data FILE          labelled JSONL training file ({\"text\", \"label\"} per line)",
                "  --validation FILE    labelled JSONL file that picks the L2 penalty (default: hold out 10% of --data)",
                "  --test FILE          labelled JSONL file scored once and recorded in the head; never used for fitting",
                "  --encoder E          " + String.join(" or ", org.sentistream.engine.Classifiers.encoders())
                        + " (default " + EngineConfig.DEFAULT_ENCODER + ")",
                "  --labels 3|2         3 = negative/neutral/positive, 2 = negative/positive (default: from the data)",
                "  --name NAME          head name (default custom)",
                "  --out FILE           head JSON to write (default ./<encoder>-<name>.json)",
                "  --l2 X               L2 penalty (default: best of " + HeadTrainer.L2_GRID + " on validation)",
                "  --prefix TEXT        text prefix for the encoder (default: \"query: \" for e5, none for MiniLM)",
                "  --no-prefix          use no prefix",
                "  --class-weight W     none or balanced (inverse class frequency) (default none)",
                "  --limit N            read at most N training rows (default 0 = all)",
                "  --sample N           train on N rows drawn at random (seed 42) from those read (default all)",
                "  --cache-dir DIR      embedding cache (default target/embedding-cache)",
                "  --threads N          ONNX Runtime intra-op threads (default 2)",
                "  --batch-size N       texts per ONNX Runtime call (default 32)",
                "  --max-tokens N       window in tokens, special tokens included (default 512)",
                "  --engine E           dense, or quicksilver to train on the pooled output of a QuickSilver preset (default dense)",
                "  --preset P           QuickSilver preset " + QuickSilverPreset.ids() + " whose output the head learns (default balanced)",
                "  --set KEY=VALUE      override one QuickSilver key; repeatable",
                "  --json               print the head's training metadata as one JSON line last");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Termination.haltOnSignal();
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        String encoder = args.get("encoder", EngineConfig.DEFAULT_ENCODER);
        String name = args.get("name", "custom");
        Integer labels = args.has("labels") ? args.getInt("labels", 3) : null;
        String prefix = args.flag("no-prefix") ? "" : args.get("prefix", null);
        String classWeight = args.get("class-weight", "none").toLowerCase(Locale.ROOT);
        if (!classWeight.equals("balanced") && !classWeight.equals("none")) {
            throw new Args.UsageException("Invalid value for --class-weight: '" + classWeight + "', expected balanced or none");
        }

        QuickSilverConfig quickSilver = QuickSilverArgs.engine(args, QuickSilverArgs.DENSE).equals(QuickSilverArgs.QUICKSILVER)
                ? QuickSilverArgs.settings(args) : null;
        if (quickSilver == null && (args.has("preset") || !args.getAll("set").isEmpty())) {
            throw new Args.UsageException("--preset and --set apply to the QuickSilver engine: add --engine quicksilver");
        }

        TrainingOptions options;
        try {
            options = new TrainingOptions(
                    args.inputFile("data"),
                    args.optionalInputFile("validation"),
                    args.optionalInputFile("test"),
                    encoder,
                    labels,
                    name,
                    Path.of(args.get("out", encoder + "-" + name + ".json")),
                    args.has("l2") ? args.getDouble("l2", 0, 0) : null,
                    prefix,
                    classWeight.equals("balanced"),
                    args.getInt("limit", 0, 0),
                    args.getInt("sample", 0),
                    0.1,
                    Path.of(args.get("cache-dir", "target/embedding-cache")),
                    args.getInt("threads", 2, 1, SentimentAppConfig.MAX_ENGINE_THREADS),
                    args.getInt("batch-size", 32, 1),
                    args.getInt("max-tokens", 512, 8, EngineConfig.MAX_TOKENS),
                    "bin/sentiment train-head " + String.join(" ", arguments),
                    quickSilver);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }

        TrainingResult result = HeadTrainer.train(options);

        System.out.println("Head " + result.head().encoder() + "/" + result.head().name() + " written to " + result.out());
        System.out.println("  trained on the output of engine " + options.engineId());
        System.out.println("  labels " + result.head().labels() + ", prefix \"" + result.head().prefix() + "\", L2 " + result.l2());
        print("validation", result.validation());
        if (result.test() != null) {
            print("test", result.test());
        }
        if (args.flag("json")) {
            System.out.println(new ObjectMapper().writeValueAsString(result.head().training()));
        }
        return 0;
    }

    private static void print(String what, Metrics metrics) {
        System.out.printf(Locale.ROOT, "  %-10s %6d texts  accuracy %.4f  macro recall %.4f  macro F1 %.4f  recall %s%n",
                what, metrics.texts(), metrics.accuracy(), metrics.macroRecall(), metrics.macroF1(), round(metrics.recallByLabel()));
    }

    private static String round(Map<String, Double> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append(String.format(Locale.ROOT, " %.4f", v)));
        return out.append('}').toString();
    }
}
