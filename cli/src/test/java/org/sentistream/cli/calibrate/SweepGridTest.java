package org.sentistream.cli.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/** Parses grid lines into QuickSilver settings and rejects invalid ones with the line number. */
class SweepGridTest {

    @Test
    void defaultGridStartsWithOff() {
        List<SweepSetting> grid = SweepGrid.defaults();

        assertTrue(grid.size() >= 12, "settings: " + grid.size());
        assertTrue(grid.size() <= 16, "settings: " + grid.size());
        assertEquals("off", grid.get(0).label());
        assertEquals(QuickSilverPreset.OFF.config(), grid.get(0).config());
    }

    @Test
    void defaultGridHasEachMechanism() {
        List<SweepSetting> grid = SweepGrid.defaults();

        assertTrue(grid.stream().anyMatch(s -> s.label().equals("int8")), "int8 alone");
        assertTrue(grid.stream().anyMatch(s -> s.config().fusion() && !s.config().int8()), "fusion in fp32");
        assertTrue(grid.stream().anyMatch(s -> s.config().fusion() && s.config().int8()), "fusion with int8");
        assertTrue(grid.stream().anyMatch(s -> s.config().halting() && s.config().skipHaltedKeys()), "halting");
    }

    @Test
    void overridesOfAnotherPresetReadBack() {
        SweepSetting setting = SweepGrid.parse(List.of("preset=balanced kv.skip-attention=0.3 kv.start=0.5"), "grid.txt")
                .get(0);

        SweepSetting again = SweepGrid.parse(List.of(setting.overrides()), "overrides").get(0);

        assertEquals(setting.config(), again.config(), setting.overrides());
        assertEquals("preset=balanced kv.skip-attention=0.3 kv.start=0.5", setting.overrides());
    }

    @Test
    void labelShowsTheDepthLimit() {
        SweepSetting setting = SweepGrid.parse(List.of("halt.end=0.8333333333333334 halt.pool-halted=true"), "grid.txt")
                .get(0);

        assertEquals("end@0.833", setting.label());
    }

    @Test
    void labelShowsSmoothingAndFusedNorm() {
        SweepSetting setting = SweepGrid.parse(List.of("int8.attention=inf int8.special-tokens=true int8.smoothing=0.7 "
                + "fused-norm=true"), "grid.txt").get(0);

        assertEquals("int8 smooth0.7 fused-norm", setting.label());
    }

    @Test
    void lineOverridesPresetOff() {
        SweepSetting setting = SweepGrid.parse(List.of("fuse.percentile=80 quicksilver.fuse.start=0.25 int8.attention=inf"),
                "grid.txt").get(0);

        QuickSilverConfig config = setting.config();
        assertEquals("off", config.preset());
        assertEquals(80.0, config.fusePercentile());
        assertEquals(0.25, config.fuseStart());
        assertEquals(Double.POSITIVE_INFINITY, config.int8Attention());
        assertFalse(config.halting());
        assertNull(config.calibration());
        assertEquals("fuse p80@0.25 int8 content-only", setting.label());
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        List<SweepSetting> grid = SweepGrid.parse(List.of("# fusion only", "", "fuse.percentile=90", "   ",
                "halt.percentile=3 halt.start=0.75 kv.skip-halted=true"), "grid.txt");

        assertEquals(2, grid.size());
        assertEquals(3, grid.get(0).line());
        assertEquals(5, grid.get(1).line());
        assertEquals("halt p3@0.75 kv", grid.get(1).label());
    }

    @Test
    void overridesReadBackAsTheSameSetting() {
        for (SweepSetting setting : SweepGrid.defaults()) {
            SweepSetting again = SweepGrid.parse(List.of(setting.overrides()), "overrides").get(0);

            assertEquals(setting.config(), again.config(), setting.overrides());
        }
    }

    @Test
    void calibrationIsSetUnlessTheLineNamesOne() {
        List<SweepSetting> grid = SweepGrid.parse(List.of("fuse.percentile=90", "fuse.percentile=90 calibration=own.json"),
                "grid.txt");

        assertEquals("fresh.json", grid.get(0).configWithCalibration("fresh.json").calibration());
        assertEquals("own.json", grid.get(1).configWithCalibration("fresh.json").calibration());
    }

    @Test
    void unknownKeyNamesLineAndKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.parse(List.of("# header", "fuse.percentile=90", "fuse.percentil=80"), "grid.txt"));

        assertTrue(e.getMessage().contains("line 3 of grid.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("quicksilver.fuse.percentil'"), e.getMessage());
    }

    @Test
    void pairWithoutEqualsNamesLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.parse(List.of("fuse.percentile 90"), "grid.txt"));

        assertTrue(e.getMessage().contains("line 1 of grid.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("'fuse.percentile' is not KEY=VALUE"), e.getMessage());
    }

    @Test
    void invalidValueNamesLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.parse(List.of("preset=off", "fuse.percentile=high"), "grid.txt"));

        assertTrue(e.getMessage().contains("line 2 of grid.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("quicksilver.fuse.percentile"), e.getMessage());
    }

    @Test
    void outOfRangeValueNamesLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.parse(List.of("fuse.percentile=120"), "grid.txt"));

        assertTrue(e.getMessage().contains("line 1 of grid.txt"), e.getMessage());
    }

    @Test
    void repeatedKeyNamesLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.parse(List.of("fuse.percentile=90 quicksilver.fuse.percentile=80"), "grid.txt"));

        assertTrue(e.getMessage().contains("line 1 of grid.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("set twice"), e.getMessage());
    }

    @Test
    void gridWithoutSettingsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.parse(List.of("# nothing", ""), "grid.txt"));

        assertTrue(e.getMessage().contains("grid.txt has no settings"), e.getMessage());
    }
}
