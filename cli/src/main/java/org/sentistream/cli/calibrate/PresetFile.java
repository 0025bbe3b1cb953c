package org.sentistream.cli.calibrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sentistream.engine.quicksilver.QuickSilverConfig;

/**
 * Writes the settings chosen for each preset as a properties file: per preset a comment naming its
 * rule and the chosen setting's figures, then every {@code quicksilver.*} key, or a comment that no
 * setting qualified.
 */
public final class PresetFile {

    private PresetFile() {
    }

    /**
     * Returns the keys written for a chosen setting: all of its {@code quicksilver.*} keys, with
     * {@code quicksilver.preset} set to the preset's name so that results show, for example, engine
     * {@code quicksilver-balanced}. Every value is set explicitly, so none comes from the bundled preset.
     *
     * @param calibrationFile calibration the sweep used, unless the setting named its own
     */
    public static Map<String, String> properties(PresetChooser.Choice choice, SweepRow row, String calibrationFile) {
        Map<String, String> keys = new LinkedHashMap<>(row.setting().configWithCalibration(calibrationFile).toProperties());
        keys.put(QuickSilverConfig.PREFIX + "preset", choice.preset().id());
        return keys;
    }

    /**
     * Writes the file, creating its directory.
     *
     * @param source what was measured, such as the encoder, head and data file, for the header
     */
    public static void write(SweepResult result, List<PresetChooser.Choice> choices, String calibrationFile,
            String source, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# QuickSilver settings chosen by the calibrate command from a sweep of " + result.rows().size()
                + " settings on " + source + ",");
        lines.add(String.format(Locale.ROOT, "# scored on %s against the fp32 whole model (%s %.4f on %d texts).",
                result.metric().title(), result.metric().title(), result.referenceMetric(), result.texts()));
        lines.add("# Each section sets every quicksilver.* key for one preset. The sections repeat the same keys,");
        lines.add("# so copy one section into the application configuration instead of loading the whole file.");
        lines.add("# Because quicksilver.calibration is set, the engine reads these settings with the plain head,");
        lines.add("# as in the sweep, not with the head trained on the bundled preset's output.");
        for (PresetChooser.Choice choice : choices) {
            lines.add("");
            lines.add("# " + choice.preset().id() + ": " + choice.rule() + ".");
            if (choice.row().isEmpty()) {
                lines.add("# None qualifies: no setting of this sweep meets the rule, so no keys are written.");
                continue;
            }
            SweepRow row = choice.row().get();
            lines.add(String.format(Locale.ROOT, "# Chosen: %s, %s %.4f (loss %.2f points), changed %.3f, FLOPs ratio "
                            + "%.3f, int8 share %.3f, speed %.2fx.", row.setting().label(), result.metric().title(),
                    row.metric(), row.lossPoints(), row.changed(), row.flopsRatio(), row.int8Fraction(), row.speedRatio()));
            if (PresetChooser.turnsEverythingOff(row)) {
                lines.add("# " + PresetChooser.OFF_NOTE + ".");
            }
            for (Map.Entry<String, String> key : properties(choice, row, calibrationFile).entrySet()) {
                lines.add(key.getKey() + "=" + escape(key.getValue()));
            }
        }

        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * Escapes backslashes, which a properties reader would drop, and writes characters outside ASCII as
     * Unicode escapes, so a reader that assumes ISO 8859-1 still reads a calibration path right.
     */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                escaped.append("\\\\");
            } else if (c > 0x7e) {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
