package org.sentistream.cli.calibrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a sweep as CSV: a header, then one line per setting. The {@code overrides} column is a
 * grid line, so a row can be fed back with {@code --grid}.
 */
public final class SweepCsv {

    private SweepCsv() {
    }

    /** Writes the file, creating its directory. */
    public static void write(SweepResult result, boolean[] frontier, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", "setting", "overrides", result.metric().key(), "loss_points", "changed",
                "flops_ratio", "int8_fraction", "texts_per_s", "reference_texts_per_s", "speed_ratio", "frontier"));
        for (int i = 0; i < result.rows().size(); i++) {
            SweepRow row = result.rows().get(i);
            lines.add(String.format(Locale.ROOT, "%s,%s,%.4f,%.2f,%.4f,%.4f,%.4f,%.1f,%.1f,%.3f,%b",
                    quote(row.setting().label()), quote(row.setting().overrides()), row.metric(), row.lossPoints(),
                    row.changed(), row.flopsRatio(), row.int8Fraction(), row.textsPerSecond(),
                    row.referenceTextsPerSecond(), row.speedRatio(), frontier[i]));
        }

        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Quotes a field that contains a comma, a quote or a line break, as RFC 4180 requires. */
    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
