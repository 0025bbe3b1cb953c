package org.sentistream.cli.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/** Checks the Pareto frontier and the preset rules on synthetic sweep rows. */
class PresetChooserTest {

    private static final double REFERENCE = 0.70;
    private static final double REFERENCE_RATE = 100;

    private static final String OFF = "preset=off";
    private static final String FUSE_90 = "fuse.percentile=90 fuse.start=0.5";
    private static final String FUSE_70 = "fuse.percentile=70 fuse.start=0.25";
    private static final String HALT_20 = "halt.percentile=20 halt.start=0.5 kv.skip-halted=true";
    private static final String INT8 = "int8.attention=inf int8.special-tokens=true";
    private static final String INT8_FUSE = "fuse.percentile=80 fuse.start=0.25 int8.attention=inf";

    @Test
    void frontierMarksUndominatedRows() {
        List<SweepRow> rows = List.of(
                row(OFF, 0.70, 1.0, 1.0),
                row(FUSE_90, 0.69, 0.9, 1.5),
                row(FUSE_70, 0.68, 0.7, 1.4),
                row(HALT_20, 0.70, 0.8, 0.9),
                row(INT8, 0.65, 1.0, 2.0));

        boolean[] frontier = PresetChooser.frontier(rows);

        assertArrayEquals(new boolean[] {true, true, false, false, true}, frontier);
    }

    @Test
    void frontierKeepsEqualRows() {
        List<SweepRow> rows = List.of(row(OFF, 0.70, 1.0, 1.2), row(FUSE_90, 0.70, 0.9, 1.2), row(FUSE_70, 0.69, 0.7, 1.2));

        boolean[] frontier = PresetChooser.frontier(rows);

        assertArrayEquals(new boolean[] {true, true, false}, frontier);
    }

    @Test
    void choicesComeInPresetOrder() {
        List<PresetChooser.Choice> choices = PresetChooser.choose(List.of(row(OFF, 0.70, 1.0, 1.0)));

        assertEquals(QuickSilverPreset.TOKENS, choices.get(0).preset());
        assertEquals(QuickSilverPreset.BALANCED, choices.get(1).preset());
        assertEquals(QuickSilverPreset.AGGRESSIVE, choices.get(2).preset());
    }

    @Test
    void tokensTakesFewestFlopsWithoutInt8() {
        SweepRow off = row(OFF, 0.70, 1.0, 1.0);
        SweepRow fuse90 = row(FUSE_90, 0.697, 0.9, 1.1);
        SweepRow fuse70 = row(FUSE_70, 0.69, 0.7, 1.3);
        SweepRow int8Fuse = row(INT8_FUSE, 0.70, 0.6, 2.0);

        PresetChooser.Choice tokens = PresetChooser.choose(List.of(off, fuse90, fuse70, int8Fuse)).get(0);

        assertSame(fuse90, tokens.row().orElseThrow(), "fuse70 loses 1 point and int8Fuse uses int8");
        assertTrue(tokens.rule().contains("0.5 points"), tokens.rule());
    }

    @Test
    void lossEqualToBoundQualifies() {
        SweepRow atBound = row(FUSE_70, REFERENCE - QuickSilverPreset.TOKENS.maxAccuracyLoss(), 0.7, 1.2);

        PresetChooser.Choice tokens = PresetChooser.choose(List.of(row(OFF, 0.70, 1.0, 1.0), atBound)).get(0);

        assertSame(atBound, tokens.row().orElseThrow());
    }

    @Test
    void gainCountsAsNoLoss() {
        SweepRow better = row(FUSE_70, 0.72, 0.7, 1.2);

        PresetChooser.Choice balanced = PresetChooser.choose(List.of(row(OFF, 0.70, 1.0, 1.0), better)).get(1);

        assertSame(better, balanced.row().orElseThrow());
    }

    @Test
    void balancedAndAggressiveTakeFastestWithinTheirLoss() {
        SweepRow off = row(OFF, 0.70, 1.0, 1.0);
        SweepRow int8 = row(INT8, 0.696, 1.0, 2.0);
        SweepRow int8Fuse = row(INT8_FUSE, 0.68, 0.7, 2.6);
        SweepRow halt = row(HALT_20, 0.58, 0.8, 3.0);

        List<PresetChooser.Choice> choices = PresetChooser.choose(List.of(off, int8, int8Fuse, halt));

        assertSame(int8, choices.get(1).row().orElseThrow(), "balanced allows 0.5 points");
        assertSame(int8Fuse, choices.get(2).row().orElseThrow(), "aggressive allows 10 points, halt loses 12");
    }

    @Test
    void noQualifyingRowLeavesChoiceEmpty() {
        List<SweepRow> rows = List.of(row(FUSE_70, 0.55, 0.7, 1.3), row(INT8, 0.58, 1.0, 2.0));

        List<PresetChooser.Choice> choices = PresetChooser.choose(rows);

        assertTrue(choices.get(0).row().isEmpty(), "tokens");
        assertTrue(choices.get(1).row().isEmpty(), "balanced");
        assertTrue(choices.get(2).row().isEmpty(), "aggressive");
    }

    @Test
    void emptyChoiceIsDescribed() {
        PresetChooser.Choice none = PresetChooser.choose(List.of(row(INT8, 0.5, 1.0, 2.0))).get(0);

        String line = SweepTable.describe(none, SweepMetric.ACCURACY);

        assertTrue(line.startsWith("Preset tokens: none qualifies"), line);
    }

    @Test
    void offChoiceIsFlagged() {
        PresetChooser.Choice tokens = PresetChooser.choose(List.of(row(OFF, 0.70, 1.0, 1.0), row(FUSE_70, 0.6, 0.7, 1.3)))
                .get(0);

        String line = SweepTable.describe(tokens, SweepMetric.MACRO_RECALL);

        assertTrue(line.contains(PresetChooser.OFF_NOTE), line);
    }

    private static SweepRow row(String gridLine, double metric, double flopsRatio, double speedRatio) {
        SweepSetting setting = SweepGrid.parse(List.of(gridLine), "test").get(0);
        double int8Fraction = setting.config().int8() ? 1.0 : 0.0;
        return new SweepRow(setting, metric, REFERENCE - metric, 0.0, flopsRatio, int8Fraction,
                speedRatio * REFERENCE_RATE, REFERENCE_RATE);
    }
}
