package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code eval} on a small labelled file with the real MiniLM encoder. */
class EvalCommandTest {

    @TempDir
    Path directory;

    @Test
    void jsonSummaryIsLastLine() throws Exception {
        Path data = writeTinyData();

        String stdout = CommandOutput.run(new EvalCommand(), List.of("--data", data.toString(), "--encoder",
                "all-minilm-l6-v2", "--head", "sst2", "--batch-size", "2", "--threads", "1", "--json"));

        JsonNode json = CommandOutput.lastLineJson(stdout);
        assertEquals("dense", json.get("engine").asText());
        assertTrue(json.get("preset").isNull());
        assertEquals("all-minilm-l6-v2", json.get("encoder").asText());
        assertEquals("sst2", json.get("head").asText());
        assertEquals(4, json.get("texts").asInt());
        assertEquals(1.0, json.get("accuracy").asDouble(), 1e-9);
        assertEquals(1.0, json.get("flops_ratio").asDouble(), 1e-9);
        assertEquals(0.0, json.get("int8_fraction").asDouble(), 1e-9);
        assertTrue(json.get("texts_per_s").asDouble() > 0);
        assertEquals("negative", json.get("confusion").get("labels").get(0).asText());
        assertEquals(2, json.get("confusion").get("matrix").get(1).get(1).asInt());
        assertTrue(json.has("macro_recall"));
        assertTrue(json.has("macro_f1"));
    }

    @Test
    void quicksilverPresetReportsItsWork() throws Exception {
        Path data = writeTinyData();

        String stdout = CommandOutput.run(new EvalCommand(), List.of("--data", data.toString(), "--encoder",
                "all-minilm-l6-v2", "--head", "sst2", "--engine", "quicksilver", "--preset", "balanced", "--set",
                "fuse.percentile=50", "--threads", "1", "--json"));

        JsonNode json = CommandOutput.lastLineJson(stdout);
        assertEquals("quicksilver", json.get("engine").asText());
        assertEquals("balanced", json.get("preset").asText());
        assertEquals("quicksilver-balanced", json.get("engine_id").asText());
        assertEquals("50.0", json.get("settings").get("quicksilver.fuse.percentile").asText());
        assertEquals(4, json.get("texts").asInt());
        assertTrue(json.get("flops_ratio").asDouble() < 1.0, "flops_ratio " + json.get("flops_ratio"));
        assertTrue(json.get("int8_fraction").asDouble() > 0.5, "int8_fraction " + json.get("int8_fraction"));
        assertTrue(json.has("accuracy"));
        assertTrue(json.has("macro_recall"));
        assertTrue(json.has("macro_f1"));
        assertTrue(json.has("texts_per_s"));
    }

    @Test
    void unknownQuicksilverKeyIsRejected() throws Exception {
        Path data = writeTinyData();
        EvalCommand command = new EvalCommand();

        Args.UsageException e = assertThrows(Args.UsageException.class, () -> command.run(List.of("--data",
                data.toString(), "--engine", "quicksilver", "--set", "fuse.cosin=0.5")));
        assertTrue(e.getMessage().contains("quicksilver.fuse.cosin"), e.getMessage());
    }

    @Test
    void quicksilverSettingWithoutEngineIsRejected() throws Exception {
        Path data = writeTinyData();
        EvalCommand command = new EvalCommand();

        Args.UsageException e = assertThrows(Args.UsageException.class, () -> command.run(List.of("--data",
                data.toString(), "--set", "fuse.percentile=80")));
        assertTrue(e.getMessage().contains("--engine quicksilver"), e.getMessage());
    }

    @Test
    void outOfRangeSettingNamesItsKey() throws Exception {
        Path data = writeTinyData();
        EvalCommand command = new EvalCommand();

        Args.UsageException e = assertThrows(Args.UsageException.class, () -> command.run(List.of("--data",
                data.toString(), "--engine", "quicksilver", "--set", "fuse.percentile=150")));
        assertTrue(e.getMessage().contains("quicksilver.fuse.percentile"), e.getMessage());
    }

    private Path writeTinyData() throws Exception {
        Path data = directory.resolve("tiny.jsonl");
        Files.writeString(data, String.join("\n",
                "{\"text\": \"I love it, wonderful and delightful!\", \"label\": \"positive\"}",
                "{\"text\": \"Horrible, broken, a total waste of money.\", \"label\": \"negative\"}",
                "{\"text\": \"Best concert of my life, thank you!\", \"label\": \"positive\"}",
                "{\"text\": \"I hate waiting two hours for a cold meal.\", \"label\": \"negative\"}",
                ""));
        return data;
    }

    @Test
    void otherEngineIsRejected() {
        EvalCommand command = new EvalCommand();

        assertThrows(Args.UsageException.class, () -> command.run(List.of("--data", "x.jsonl", "--engine", "sparse")));
    }

    @Test
    void missingDataIsRejected() {
        EvalCommand command = new EvalCommand();

        assertThrows(Args.UsageException.class, () -> command.run(List.of("--encoder", "e5-small-v2")));
    }
}
