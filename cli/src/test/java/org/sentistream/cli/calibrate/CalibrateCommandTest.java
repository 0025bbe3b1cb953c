package org.sentistream.cli.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.cli.Args;
import org.sentistream.cli.CalibrateCommand;

/** Runs {@code calibrate} with a 2-setting sweep on 16 short sentences with the real MiniLM encoder. */
class CalibrateCommandTest {

    private static final List<String> SENTENCES = List.of(
            "{\"text\": \"I love this phone, it works perfectly.\", \"label\": \"positive\"}",
            "{\"text\": \"What a wonderful day at the beach!\", \"label\": \"positive\"}",
            "{\"text\": \"The staff were friendly and helpful.\", \"label\": \"positive\"}",
            "{\"text\": \"Best pizza I have had in years.\", \"label\": \"positive\"}",
            "{\"text\": \"This movie made me smile all evening.\", \"label\": \"positive\"}",
            "{\"text\": \"Great value and fast delivery, thank you.\", \"label\": \"positive\"}",
            "{\"text\": \"The new update is fantastic.\", \"label\": \"positive\"}",
            "{\"text\": \"I am so happy with my purchase.\", \"label\": \"positive\"}",
            "{\"text\": \"The battery died after one hour.\", \"label\": \"negative\"}",
            "{\"text\": \"Terrible service, I will never come back.\", \"label\": \"negative\"}",
            "{\"text\": \"The food was cold and tasteless.\", \"label\": \"negative\"}",
            "{\"text\": \"My order arrived broken and late.\", \"label\": \"negative\"}",
            "{\"text\": \"This is the worst app I have ever used.\", \"label\": \"negative\"}",
            "{\"text\": \"I waited two hours and nobody helped me.\", \"label\": \"negative\"}",
            "{\"text\": \"The screen cracked on the first day.\", \"label\": \"negative\"}",
            "{\"text\": \"Awful sound quality, a waste of money.\", \"label\": \"negative\"}");

    @TempDir
    Path directory;

    @Test
    void sweepWritesPlotCsvPresetsAndJson() throws Exception {
        Path data = Files.write(directory.resolve("tiny.jsonl"), SENTENCES, StandardCharsets.UTF_8);
        Path grid = Files.write(directory.resolve("grid.txt"), List.of(
                "# off, then fusion with every token in int8",
                "preset=off",
                "fuse.percentile=70 fuse.start=0.25 int8.attention=inf int8.special-tokens=true"), StandardCharsets.UTF_8);
        Path outDir = directory.resolve("out");

        String stdout = runCapturingStdout(List.of("--data", data.toString(), "--encoder", "all-minilm-l6-v2",
                "--head", "sst2", "--grid", grid.toString(), "--threads", "1", "--out",
                directory.resolve("cal.json").toString(), "--out-dir", outDir.toString(), "--json"));

        assertNotNull(ImageIO.read(outDir.resolve(CalibrationSweep.FRONTIER_PNG).toFile()), "frontier PNG");
        List<String> csv = Files.readAllLines(outDir.resolve(CalibrationSweep.SWEEP_CSV));
        assertEquals(3, csv.size(), "header and 2 settings: " + csv);
        assertTrue(csv.get(0).startsWith("setting,overrides,accuracy,"), csv.get(0));
        String presetsText = Files.readString(outDir.resolve(CalibrationSweep.PRESETS_FILE));
        for (String preset : List.of("tokens", "balanced", "aggressive")) {
            assertTrue(presetsText.contains("\n# " + preset + ": the "), "rule header of " + preset + ":\n" + presetsText);
        }
        Properties presets = new Properties();
        presets.load(new StringReader(presetsText));

        JsonNode json = lastLineJson(stdout);
        for (String key : List.of("encoder", "data", "texts", "out", "medians", "sweep", "frontier_png", "presets_file",
                "chosen")) {
            assertTrue(json.has(key), "JSON key " + key + " in " + json);
        }
        assertEquals(16, json.get("texts").asInt());
        assertEquals(6, json.get("medians").size(), "MiniLM has 6 layers");
        assertEquals("accuracy", json.get("metric").asText());
        assertEquals(2, json.get("sweep").size());
        JsonNode off = json.get("sweep").get(0);
        assertEquals("off", off.get("setting").asText());
        assertEquals(1.0, off.get("flops_ratio").asDouble(), 1e-9);
        assertEquals(0.0, off.get("int8_fraction").asDouble(), 1e-9);
        assertTrue(off.get("speed_ratio").asDouble() > 0, off.toString());
        assertEquals(directory.resolve("cal.json").toAbsolutePath().normalize().toString(),
                off.get("settings").get("quicksilver.calibration").asText());
        JsonNode int8Fusion = json.get("sweep").get(1);
        assertTrue(int8Fusion.get("int8_fraction").asDouble() > 0.5, int8Fusion.toString());
        assertTrue(int8Fusion.get("flops_ratio").asDouble() < 1.0, int8Fusion.toString());
        boolean anyChosen = false;
        for (String preset : List.of("tokens", "balanced", "aggressive")) {
            assertTrue(json.get("chosen").has(preset), "chosen " + preset);
            anyChosen |= !json.get("chosen").get(preset).isNull();
        }
        assertEquals(anyChosen, presets.containsKey("quicksilver.calibration"), "keys of the chosen settings");
        assertTrue(stdout.contains("Preset tokens:"), stdout);
    }

    @Test
    void noSweepKeepsTheCalibrationKeys() throws Exception {
        Path data = Files.write(directory.resolve("tiny.jsonl"), SENTENCES, StandardCharsets.UTF_8);
        Path out = directory.resolve("cal.json");

        String stdout = runCapturingStdout(List.of("--data", data.toString(), "--encoder", "all-minilm-l6-v2",
                "--threads", "1", "--out", out.toString(), "--out-dir", directory.toString(), "--no-sweep", "--json"));

        JsonNode json = lastLineJson(stdout);
        assertEquals(out.toString(), json.get("out").asText());
        assertTrue(Files.exists(out), "calibration file");
        assertEquals(0, json.get("sweep").size());
        assertTrue(json.get("chosen").isNull());
        assertTrue(Files.notExists(directory.resolve(CalibrationSweep.SWEEP_CSV)), "no CSV without a sweep");
    }

    @Test
    void invalidGridLineFailsBeforeCalibrating() throws Exception {
        Path data = Files.write(directory.resolve("tiny.jsonl"), SENTENCES, StandardCharsets.UTF_8);
        Path grid = Files.write(directory.resolve("grid.txt"), List.of("preset=off", "halt.percentile=x"));
        Path out = directory.resolve("cal.json");
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--grid", grid.toString(), "--out",
                out.toString()));

        Args.UsageException e = assertThrows(Args.UsageException.class, () -> new CalibrateCommand().run(args));

        assertTrue(e.getMessage().contains("line 2 of " + grid), e.getMessage());
        assertTrue(Files.notExists(out), "no calibration was written");
    }

    private static String runCapturingStdout(List<String> args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            assertEquals(0, new CalibrateCommand().run(args));
        } finally {
            System.setOut(original);
        }
        String stdout = captured.toString(StandardCharsets.UTF_8);
        System.out.print(stdout);
        return stdout;
    }

    private static JsonNode lastLineJson(String stdout) throws Exception {
        String[] lines = stdout.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
