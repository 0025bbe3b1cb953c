package org.sentistream.cli.calibrate;

import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/**
 * One QuickSilver setting of a sweep.
 *
 * @param config the settings; calibration is null unless the grid line named a file
 * @param line grid line number the setting came from, 1-based
 */
public record SweepSetting(QuickSilverConfig config, int line) {

    public SweepSetting {
        Objects.requireNonNull(config, "config");
    }

    /** Returns a short label for tables and plots, such as {@code fuse p90@0.25 int8}. */
    public String label() {
        return SettingLabel.of(config);
    }

    /**
     * Returns the keys that differ from preset {@code off}, without the {@code quicksilver.} prefix
     * and without the calibration file, as a grid line that {@link SweepGrid#parse} reads back;
     * {@code preset=off} when none differs.
     */
    public String overrides() {
        Map<String, String> off = QuickSilverPreset.OFF.config().toProperties();
        StringJoiner line = new StringJoiner(" ");
        for (Map.Entry<String, String> entry : config.toProperties().entrySet()) {
            String key = entry.getKey();
            if (key.equals(QuickSilverConfig.PREFIX + "calibration") || entry.getValue().equals(off.get(key))) {
                continue;
            }
            line.add(key.substring(QuickSilverConfig.PREFIX.length()) + "=" + entry.getValue());
        }
        // An empty line would be skipped as blank, so preset off is written out.
        return line.length() == 0 ? "preset=" + QuickSilverPreset.OFF.id() : line.toString();
    }

    /** Returns the settings that read percentile thresholds from {@code calibrationFile}, unless the grid line named one. */
    public QuickSilverConfig configWithCalibration(String calibrationFile) {
        return config.calibration() == null ? config.withCalibration(calibrationFile) : config;
    }
}
