package org.sentistream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.eval.LabelledData;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.quicksilver.QuickSilver;

/**
 * {@code calibrate}: runs the encoder densely on a sample of texts and writes the per-layer
 * percentiles of token drift, adjacent-token cosine and key attention that QuickSilver's halting
 * thresholds are read from.
 */
public final class CalibrateCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("data", "encoder", "limit", "out", "batch-size", "threads");
    private static final Set<String> FLAGS = Set.of("json");

    @Override
    public String name() {
        return "calibrate";
    }

    @Override
    public String summary() {
        return "Measure the drift percentiles that QuickSilver's halting thresholds are read from";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--data FILE [options]",
                "  --data FILE        JSONL file with a \"text\" per line (labels are ignored)",
                "  --encoder E        e5-small-v2 or all-minilm-l6-v2 (default " + EngineConfig.DEFAULT_ENCODER + ")",
                "  --limit N          use only the first N rows (default 1000)",
                "  --out FILE         calibration file to write (default ENCODER-calibration.json)",
                "  --batch-size N     texts per ONNX Runtime batch (default 32)",
                "  --threads N        ONNX Runtime intra-op threads (default 2)",
                "  --json             print one JSON summary as the last line of standard output");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        Path data = Path.of(args.require("data"));
        EngineConfig config;
        try {
            config = new EngineConfig(args.get("encoder", EngineConfig.DEFAULT_ENCODER), null,
                    args.getInt("threads", 2), 512, args.getInt("batch-size", 32));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        Path out = Path.of(args.get("out", config.encoder() + "-calibration.json"));

        List<String> texts = LabelledData.read(data, args.getInt("limit", 1000)).stream().map(LabelledText::text).toList();
        if (texts.isEmpty()) {
            throw new Args.UsageException("Data file " + data + " has no rows");
        }
        System.err.printf(Locale.ROOT, "Calibrating %s on %d texts of %s%n", config.encoder(), texts.size(), data);
        List<Map<String, Double>> medians = QuickSilver.calibrate(config, texts, data.getFileName().toString(), out);

        System.out.printf(Locale.ROOT, "Wrote %s. Medians per layer over content tokens:%n", out);
        System.out.printf(Locale.ROOT, "%5s %14s %14s %15s %13s%n", "layer", "relative drift", "absolute drift",
                "adjacent cosine", "key attention");
        for (int l = 0; l < medians.size(); l++) {
            Map<String, Double> m = medians.get(l);
            System.out.printf(Locale.ROOT, "%5d %14.3f %14.3f %15.3f %13.3f%n", l + 1, m.get("relative_drift"),
                    m.get("absolute_drift"), m.get("adjacent_cosine"), m.get("key_attention"));
        }
        if (args.flag("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("encoder", config.encoder());
            json.put("data", data.toString());
            json.put("texts", texts.size());
            json.put("out", out.toString());
            json.put("medians", medians);
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }
}
