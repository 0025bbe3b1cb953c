package org.sentistream.cli.calibrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/**
 * Grid of QuickSilver settings that a sweep evaluates. A grid file has one setting per line, written
 * as space-separated {@code KEY=VALUE} overrides of preset {@code off}; keys may omit the
 * {@code quicksilver.} prefix, and {@code preset=P} starts the line from preset P instead. Blank
 * lines and lines starting with {@code #} are skipped.
 */
public final class SweepGrid {

    /**
     * The default grid: 16 settings, each mechanism alone at a few strengths, fusion also with int8,
     * and one combination close to preset {@code aggressive}. Halting runs in fp32 here, so that it
     * can qualify for preset {@code tokens}. Settings that stop every token early ({@code halt.end}),
     * as {@code tokens} and {@code balanced} do, are left out: the sweep scores every setting with the
     * reference's head, and a head fitted to the last layer's states misreads states from an earlier
     * one, which cost them about 20 points of macro recall in a trial sweep.
     */
    // NOTE: sized for about 10 minutes on 1,000 tweets with e5-small-v2 on 2 cores. That is an estimate
    // scaled from a 55 s sweep of 200 tweets on all-MiniLM-L6-v2, which has half of e5-small-v2's layers.
    static final List<String> DEFAULT_LINES = List.of(
            "preset=off",
            "int8.attention=inf int8.special-tokens=true",
            "fuse.percentile=90 fuse.start=0.25",
            "fuse.percentile=80 fuse.start=0.25",
            "fuse.percentile=70 fuse.start=0.25",
            "fuse.percentile=90 fuse.start=0.5",
            "fuse.percentile=80 fuse.start=0.5",
            "fuse.percentile=70 fuse.start=0.5",
            "fuse.percentile=90 fuse.start=0.5 int8.attention=inf int8.special-tokens=true",
            "fuse.percentile=80 fuse.start=0.25 int8.attention=inf int8.special-tokens=true",
            "fuse.percentile=70 fuse.start=0.25 int8.attention=inf int8.special-tokens=true",
            "halt.percentile=3 halt.start=0.75 kv.skip-halted=true",
            "halt.percentile=10 halt.start=0.75 kv.skip-halted=true",
            "halt.percentile=10 halt.start=0.5 kv.skip-halted=true",
            "halt.percentile=20 halt.start=0.5 kv.skip-halted=true",
            "halt.percentile=20 halt.start=0.5 kv.skip-halted=true kv.skip-attention=0.2 fuse.percentile=60 "
                    + "fuse.start=0.25 int8.attention=inf int8.special-tokens=true");

    private SweepGrid() {
    }

    /** Returns the settings of the default grid. */
    public static List<SweepSetting> defaults() {
        return parse(DEFAULT_LINES, "the default grid");
    }

    /**
     * Reads a grid file.
     *
     * @throws IllegalArgumentException naming the file and line of an invalid setting, or when no line has one
     */
    public static List<SweepSetting> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses grid lines.
     *
     * @param source file name or description, for error messages
     * @throws IllegalArgumentException naming the source and line of an invalid setting, or when no line has one
     */
    public static List<SweepSetting> parse(List<String> lines, String source) {
        List<SweepSetting> settings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            settings.add(new SweepSetting(parseLine(line, source, i + 1), i + 1));
        }
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("Grid " + source + " has no settings: write one line of KEY=VALUE "
                    + "overrides per setting, for example fuse.percentile=80 fuse.start=0.25");
        }
        return settings;
    }

    private static QuickSilverConfig parseLine(String line, String source, int lineNumber) {
        String where = "Invalid setting at line " + lineNumber + " of " + source + ": ";
        Map<String, String> properties = new HashMap<>();
        properties.put(QuickSilverConfig.PREFIX + "preset", QuickSilverPreset.OFF.id());
        List<String> seen = new ArrayList<>();
        for (String pair : line.split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + "'" + pair + "' is not KEY=VALUE");
            }
            String key = pair.substring(0, eq);
            String fullKey = key.startsWith(QuickSilverConfig.PREFIX) ? key : QuickSilverConfig.PREFIX + key;
            if (seen.contains(fullKey)) {
                throw new IllegalArgumentException(where + fullKey + " is set twice");
            }
            seen.add(fullKey);
            properties.put(fullKey, pair.substring(eq + 1));
        }

        try {
            return QuickSilverConfig.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }
}
