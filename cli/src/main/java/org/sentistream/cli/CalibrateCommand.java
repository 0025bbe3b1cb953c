package org.sentistream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sentistream.cli.calibrate.CalibrationSweep;
import org.sentistream.cli.calibrate.SweepGrid;
import org.sentistream.cli.calibrate.SweepSetting;
import org.sentistream.engine.Classifiers;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.eval.LabelledData;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.quicksilver.QuickSilver;
import org.sentistream.engine.quicksilver.internals.SharedRuntime;
import org.sentistream.streams.SentimentAppConfig;

/**
 * {@code calibrate}: runs the encoder densely on a sample of texts and writes the per-layer
 * percentiles of token drift, adjacent-token cosine and key attention that QuickSilver's halting
 * thresholds are read from. Then, unless {@code --no-sweep}, it evaluates a grid of QuickSilver
 * settings on the same labelled rows against the fp32 whole model, prints the frontier of metric,
 * FLOPs and speed, and writes a plot, a CSV and the settings chosen for each preset.
 */
public final class CalibrateCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("data", "encoder", "head", "limit", "out", "out-dir", "grid",
            "batch-size", "threads");
    private static final Set<String> FLAGS = Set.of("json", "no-sweep");

    @Override
    public String name() {
        return "calibrate";
    }

    @Override
    public String summary() {
        return "Measure QuickSilver's drift percentiles, sweep its settings and choose the presets";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--data FILE [options]",
                "  --data FILE        labelled JSONL file ({\"text\", \"label\"} per line); the percentiles use only the texts",
                "  --encoder E        " + String.join(" or ", Classifiers.encoders()) + " (default " + EngineConfig.DEFAULT_ENCODER + ")",
                "  --head H           bundled head name " + Classifiers.bundledHeads() + " or head JSON file, for the sweep "
                        + "(default tweet3)",
                "  --limit N          use only the first N rows (default 1000; 0 = all)",
                "  --out FILE         calibration file to write (default ENCODER-calibration.json)",
                "  --out-dir DIR      directory for " + CalibrationSweep.FRONTIER_PNG + ", " + CalibrationSweep.SWEEP_CSV
                        + " and " + CalibrationSweep.PRESETS_FILE + " (default .)",
                "  --grid FILE        settings to sweep, one per line as space-separated KEY=VALUE overrides of preset off,",
                "                     for example fuse.percentile=80 fuse.start=0.25; lines starting with # are skipped",
                "                     (default: a built-in grid of " + SweepGrid.defaults().size() + " settings)",
                "  --no-sweep         only write the calibration file",
                "  --batch-size N     texts per ONNX Runtime batch (default 32)",
                "  --threads N        ONNX Runtime intra-op threads (default 2)",
                "  --json             print one JSON summary as the last line of standard output",
                "The sweep scores macro recall on 3-class data and accuracy on 2-class data. Each setting costs a warm-up",
                "call of up to 256 texts and 2 timed passes over the rows, one of them by the fp32 whole model.");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Termination.haltOnSignal();
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        Path data = args.inputFile("data");
        boolean sweep = !args.flag("no-sweep");
        EngineConfig config;
        try {
            config = new EngineConfig(args.get("encoder", EngineConfig.DEFAULT_ENCODER), args.get("head", null),
                    args.getInt("threads", 2, 1, SentimentAppConfig.MAX_ENGINE_THREADS), 512, args.getInt("batch-size", 32, 1));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        Path out = Path.of(args.get("out", config.encoder() + "-calibration.json"));
        Path outDir = Path.of(args.get("out-dir", "."));
        // The grid is read before the calibration so that a bad line fails at once, not minutes later.
        List<SweepSetting> grid = sweep ? grid(args) : List.of();

        List<LabelledText> rows = LabelledData.read(data, args.getInt("limit", 1000, 0));
        if (rows.isEmpty()) {
            throw new Args.UsageException("Data file " + data + " has no rows");
        }
        List<String> texts = rows.stream().map(LabelledText::text).toList();

        // Both steps run layer sessions, which are fastest on QuickSilver's shared thread pool. That pool
        // exists only if QuickSilver creates the ONNX Runtime environment before any other component does.
        SharedRuntime.environment(config.intraOpThreads());
        Map<String, Object> json = new LinkedHashMap<>();
        try (SentimentClassifier reference = sweep ? reference(config) : null) {
            System.err.printf(Locale.ROOT, "Calibrating %s on %d texts of %s%n", config.encoder(), texts.size(), data);
            List<Map<String, Double>> medians = QuickSilver.calibrate(config, texts, data.getFileName().toString(), out);
            printMedians(out, medians);

            json.put("encoder", config.encoder());
            json.put("data", data.toString());
            json.put("texts", texts.size());
            json.put("out", out.toString());
            json.put("medians", medians);
            if (reference == null) {
                json.putAll(CalibrationSweep.skippedJson());
            } else {
                String source = String.format(Locale.ROOT, "%s on %s (%d texts)", reference.info().modelId(),
                        data.getFileName(), rows.size());
                json.putAll(new CalibrationSweep(config, outDir, System.out, System.err)
                        .run(reference, rows, grid, out.toAbsolutePath().normalize().toString(), source));
            }
        }

        // Printed after the engines are closed, so that nothing they log follows the JSON line.
        if (args.flag("json")) {
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }

    private static List<SweepSetting> grid(Args args) throws IOException {
        if (!args.has("grid")) {
            return SweepGrid.defaults();
        }
        Path file = args.inputFile("grid");
        try {
            return SweepGrid.read(file);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    /** Creates the fp32 whole model the sweep compares with; created first, it also checks --encoder and --head. */
    private static SentimentClassifier reference(EngineConfig config) {
        try {
            return QuickSilver.wholeModel(config, false);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    private static void printMedians(Path out, List<Map<String, Double>> medians) {
        System.out.printf(Locale.ROOT, "Wrote %s. Medians per layer over content tokens:%n", out);
        System.out.printf(Locale.ROOT, "%5s %14s %14s %15s %13s%n", "layer", "relative drift", "absolute drift",
                "adjacent cosine", "key attention");
        for (int l = 0; l < medians.size(); l++) {
            Map<String, Double> m = medians.get(l);
            System.out.printf(Locale.ROOT, "%5d %14.3f %14.3f %15.3f %13.3f%n", l + 1, m.get("relative_drift"),
                    m.get("absolute_drift"), m.get("adjacent_cosine"), m.get("key_attention"));
        }
    }
}
