package org.sentistream.cli.calibrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/**
 * Picks the settings of the {@code tokens}, {@code balanced} and {@code aggressive} presets from a
 * sweep, each within the accuracy loss that {@link QuickSilverPreset#maxAccuracyLoss()} allows the
 * preset, and marks the Pareto frontier of metric and speed.
 */
public final class PresetChooser {

    /** Note for a choice that saves nothing, because the rules let the setting with every mechanism off qualify. */
    static final String OFF_NOTE = "This setting turns every mechanism off, so no setting that saves work met the rule";

    /** Slack for losses that equal a bound but come out a rounding error above it. */
    private static final double LOSS_TOLERANCE = 1e-9;

    private PresetChooser() {
    }

    /**
     * Returns, per row, whether it is on the Pareto frontier of (metric up, speed ratio up): no other
     * row is at least as good on both and better on one. Rows with equal values are all on it.
     */
    public static boolean[] frontier(List<SweepRow> rows) {
        boolean[] onFrontier = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            onFrontier[i] = true;
            for (SweepRow other : rows) {
                if (dominates(other, rows.get(i))) {
                    onFrontier[i] = false;
                    break;
                }
            }
        }
        return onFrontier;
    }

    /** Returns true when the row's setting runs no mechanism, as preset {@code off} does. */
    static boolean turnsEverythingOff(SweepRow row) {
        QuickSilverConfig config = row.setting().config();
        return !config.halting() && !config.fusion() && !config.int8() && config.skipAttention() == 0;
    }

    private static boolean dominates(SweepRow a, SweepRow b) {
        boolean atLeastAsGood = a.metric() >= b.metric() && a.speedRatio() >= b.speedRatio();
        boolean better = a.metric() > b.metric() || a.speedRatio() > b.speedRatio();
        return atLeastAsGood && better;
    }

    /** Returns the choices for {@code tokens}, {@code balanced} and {@code aggressive}, in that order. */
    public static List<Choice> choose(List<SweepRow> rows) {
        List<Choice> choices = new ArrayList<>();
        choices.add(tokens(rows));
        choices.add(fastest(rows, QuickSilverPreset.BALANCED));
        choices.add(fastest(rows, QuickSilverPreset.AGGRESSIVE));
        return choices;
    }

    /** Tokens saves work without int8, so its pick is the fp32 setting with the fewest FLOPs. */
    private static Choice tokens(List<SweepRow> rows) {
        QuickSilverPreset preset = QuickSilverPreset.TOKENS;
        String rule = String.format(Locale.ROOT, "the fp32 setting (no int8) with the lowest FLOPs ratio whose loss "
                + "is at most %s points", points(preset));
        Predicate<SweepRow> fp32 = row -> !row.setting().config().int8();
        Comparator<SweepRow> fewestFlops = Comparator.comparingDouble(SweepRow::flopsRatio)
                .thenComparing(Comparator.comparingDouble(SweepRow::metric).reversed());
        Optional<SweepRow> pick = rows.stream().filter(fp32.and(withinLoss(preset))).min(fewestFlops);
        return new Choice(preset, rule, pick);
    }

    private static Choice fastest(List<SweepRow> rows, QuickSilverPreset preset) {
        String rule = String.format(Locale.ROOT, "the fastest setting (highest speed ratio) whose loss is at most "
                + "%s points", points(preset));
        Comparator<SweepRow> fastest = Comparator.comparingDouble(SweepRow::speedRatio)
                .thenComparingDouble(SweepRow::metric);
        Optional<SweepRow> pick = rows.stream().filter(withinLoss(preset)).max(fastest);
        return new Choice(preset, rule, pick);
    }

    private static Predicate<SweepRow> withinLoss(QuickSilverPreset preset) {
        return row -> row.loss() <= preset.maxAccuracyLoss() + LOSS_TOLERANCE;
    }

    private static String points(QuickSilverPreset preset) {
        return String.format(Locale.ROOT, "%.1f", preset.maxAccuracyLoss() * 100);
    }

    /**
     * The setting chosen for one preset.
     *
     * @param preset the preset
     * @param rule how the setting was chosen, as a sentence fragment
     * @param row the chosen setting, empty when none qualifies
     */
    public record Choice(QuickSilverPreset preset, String rule, Optional<SweepRow> row) {
    }
}
