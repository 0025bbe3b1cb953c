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
     * Returns the setting as a grid line that {@link SweepGrid#parse} reads back: {@code preset=P}
     * unless P is {@code off}, then the keys that differ from preset P, without the {@code
     * quicksilver.} prefix and without the calibration file. Returns {@code preset=off} when nothing
     * differs from {@code off}.
     */
    public String overrides() {
        QuickSilverPreset preset = QuickSilverPreset.byId(config.preset());
        Map<String, String> base = preset.config().toProperties();
        StringJoiner line = new StringJoiner(" ");
        if (preset != QuickSilverPreset.OFF) {
            line.add("preset=" + preset.id());
        }
        for (Map.Entry<String, String> entry : config.toProperties().entrySet()) {
            String key = entry.getKey();
            boolean skipped = key.equals(QuickSilverConfig.PREFIX + "preset")
                    || key.equals(QuickSilverConfig.PREFIX + "calibration");
            if (skipped || entry.getValue().equals(base.get(key))) {
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
