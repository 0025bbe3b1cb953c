package org.sentistream.cli.calibrate;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints a sweep as a table, one row per setting after the reference, and the chosen presets. */
public final class SweepTable {

    private SweepTable() {
    }

    /**
     * @param frontier per row, whether it is on the Pareto frontier; those rows get a {@code *}
     */
    public static void print(SweepResult result, boolean[] frontier, List<PresetChooser.Choice> choices, PrintStream out) {
        int width = "fp32 whole model".length();
        for (SweepRow row : result.rows()) {
            width = Math.max(width, row.setting().label().length());
        }
        String header = "%-" + width + "s %12s %11s %8s %6s %5s %8s %6s %s%n";
        String line = "%-" + width + "s %12.4f %11.2f %8.3f %6.3f %5.2f %8.1f %6.2f %s%n";

        out.printf(Locale.ROOT, "Sweep of %d settings on %d texts, %s against the fp32 whole model:%n",
                result.rows().size(), result.texts(), result.metric().title());
        out.printf(Locale.ROOT, header, "setting", result.metric().title(), "loss points", "changed", "FLOPs", "int8",
                "texts/s", "speed", "frontier");
        out.println(String.format(Locale.ROOT, line, "fp32 whole model", result.referenceMetric(), 0.0, 0.0, 1.0, 0.0,
                result.referenceTextsPerSecond(), 1.0, "").stripTrailing());
        for (int i = 0; i < result.rows().size(); i++) {
            SweepRow row = result.rows().get(i);
            out.println(String.format(Locale.ROOT, line, row.setting().label(), row.metric(), row.lossPoints(),
                    row.changed(), row.flopsRatio(), row.int8Fraction(), row.textsPerSecond(), row.speedRatio(),
                    frontier[i] ? "*" : "").stripTrailing());
        }
        out.printf(Locale.ROOT, "loss: reference minus setting. changed: share of labels that differ from the reference.%n"
                + "speed: texts/s over the reference's texts/s in the same round. *: on the Pareto frontier, because no "
                + "other setting%nis as good on both %s and speed and better on one.%n", result.metric().title());

        for (PresetChooser.Choice choice : choices) {
            out.println(describe(choice, result.metric()));
        }
    }

    /** Returns one line naming the preset, its rule and the chosen setting or that none qualifies. */
    static String describe(PresetChooser.Choice choice, SweepMetric metric) {
        if (choice.row().isEmpty()) {
            return String.format(Locale.ROOT, "Preset %s: none qualifies (rule: %s)", choice.preset().id(), choice.rule());
        }
        SweepRow row = choice.row().get();
        String line = String.format(Locale.ROOT, "Preset %s: %s, %s %.4f (loss %.2f points), FLOPs ratio %.3f, speed %.2fx "
                        + "(rule: %s)", choice.preset().id(), row.setting().label(), metric.title(), row.metric(),
                row.lossPoints(), row.flopsRatio(), row.speedRatio(), choice.rule());
        return PresetChooser.turnsEverythingOff(row) ? line + ". " + PresetChooser.OFF_NOTE : line;
    }
}
