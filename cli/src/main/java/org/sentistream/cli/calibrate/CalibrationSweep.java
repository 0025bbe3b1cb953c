package org.sentistream.cli.calibrate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.eval.Metrics;

/**
 * The sweep step of {@code calibrate}: runs the grid, prints the table, writes the frontier plot,
 * the CSV and the chosen presets, and returns the JSON summary entries.
 */
public final class CalibrationSweep {

    public static final String FRONTIER_PNG = "calibration-frontier.png";
    public static final String SWEEP_CSV = "calibration-sweep.csv";
    public static final String PRESETS_FILE = "calibration-presets.properties";

    private final EngineConfig config;
    private final Path outDir;
    private final PrintStream out;
    private final PrintStream progress;

    /**
     * @param outDir directory of the plot, the CSV and the presets file
     * @param out stream for the table, such as standard output
     * @param progress stream for one line per setting, such as standard error
     */
    public CalibrationSweep(EngineConfig config, Path outDir, PrintStream out, PrintStream progress) {
        this.config = config;
        this.outDir = outDir;
        this.out = out;
        this.progress = progress;
    }

    /**
     * Runs the sweep and writes its files.
     *
     * @param reference the fp32 whole model with the same head; the caller closes it
     * @param calibrationFile calibration that percentile thresholds are read from
     * @param source what is measured, such as the encoder, head and data file, for the plot title and file header
     * @return the JSON entries {@code metric}, {@code reference}, {@code sweep}, {@code frontier_png},
     *     {@code csv}, {@code presets_file} and {@code chosen}
     */
    public Map<String, Object> run(SentimentClassifier reference, List<LabelledText> rows, List<SweepSetting> grid,
            String calibrationFile, String source) throws IOException {
        SweepResult result = new SweepRunner(config, progress).run(reference, rows, grid, calibrationFile);
        boolean[] frontier = PresetChooser.frontier(result.rows());
        List<PresetChooser.Choice> choices = PresetChooser.choose(result.rows());

        Path png = outDir.resolve(FRONTIER_PNG);
        Path csv = outDir.resolve(SWEEP_CSV);
        Path presets = outDir.resolve(PRESETS_FILE);
        FrontierPlot.write(result, frontier, "QuickSilver sweep: " + source, png);
        SweepCsv.write(result, frontier, csv);
        PresetFile.write(result, choices, calibrationFile, source, presets);

        out.println();
        SweepTable.print(result, frontier, choices, out);
        out.println("Wrote " + png + ", " + csv + " and " + presets);
        return json(result, frontier, choices, calibrationFile, png, csv, presets);
    }

    /** Returns the JSON entries of a run without a sweep, with the same keys and null or empty values. */
    public static Map<String, Object> skippedJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metric", null);
        json.put("reference", null);
        json.put("sweep", List.of());
        json.put("frontier_png", null);
        json.put("csv", null);
        json.put("presets_file", null);
        json.put("chosen", null);
        return json;
    }

    private static Map<String, Object> json(SweepResult result, boolean[] frontier, List<PresetChooser.Choice> choices,
            String calibrationFile, Path png, Path csv, Path presets) {
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("engine_id", result.referenceEngine());
        reference.put("metric", Metrics.round4(result.referenceMetric()));
        reference.put("texts_per_s", round(result.referenceTextsPerSecond(), 1));

        List<Map<String, Object>> sweep = new ArrayList<>();
        for (int i = 0; i < result.rows().size(); i++) {
            sweep.add(row(result.rows().get(i), frontier[i], calibrationFile));
        }

        Map<String, Object> chosen = new LinkedHashMap<>();
        for (PresetChooser.Choice choice : choices) {
            chosen.put(choice.preset().id(),
                    choice.row().map(row -> PresetFile.properties(choice, row, calibrationFile)).orElse(null));
        }

        Map<String, Object> json = new LinkedHashMap<>();
        // Rows and the reference keep the value under "metric" so that their keys do not depend on the data.
        json.put("metric", result.metric().key());
        json.put("reference", reference);
        json.put("sweep", sweep);
        json.put("frontier_png", png.toString());
        json.put("csv", csv.toString());
        json.put("presets_file", presets.toString());
        json.put("chosen", chosen);
        return json;
    }

    private static Map<String, Object> row(SweepRow row, boolean onFrontier, String calibrationFile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("setting", row.setting().label());
        json.put("overrides", row.setting().overrides());
        json.put("metric", Metrics.round4(row.metric()));
        json.put("loss_points", round(row.lossPoints(), 2));
        json.put("changed", Metrics.round4(row.changed()));
        json.put("flops_ratio", Metrics.round4(row.flopsRatio()));
        json.put("int8_fraction", Metrics.round4(row.int8Fraction()));
        json.put("texts_per_s", round(row.textsPerSecond(), 1));
        json.put("reference_texts_per_s", round(row.referenceTextsPerSecond(), 1));
        json.put("speed_ratio", round(row.speedRatio(), 3));
        json.put("frontier", onFrontier);
        json.put("settings", row.setting().configWithCalibration(calibrationFile).toProperties());
        return json;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
