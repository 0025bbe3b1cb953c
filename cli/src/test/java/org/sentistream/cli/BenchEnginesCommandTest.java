package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/** Runs {@code bench-engines} on a small labelled file with the real MiniLM encoder. */
class BenchEnginesCommandTest {

    @TempDir
    Path directory;

    @Test
    void baselinesKeepFusedNorm() {
        QuickSilverConfig fused = QuickSilverPreset.BALANCED.config().withFusedNorm(true);

        Map<String, QuickSilverConfig> baselines = BenchEnginesCommand.baselines(fused);

        assertEquals(List.of("layerwise_packed", "layerwise_padded"), List.copyOf(baselines.keySet()));
        for (QuickSilverConfig baseline : baselines.values()) {
            assertTrue(baseline.fusedNorm(), "fused norm of " + baseline);
            assertEquals(QuickSilverPreset.OFF.id(), baseline.preset());
        }
        assertTrue(baselines.get("layerwise_padded").padded(), "padded baseline");
    }

    @Test
    void warmupCoversEveryText() throws Exception {
        Path data = directory.resolve("tiny.jsonl");
        Files.writeString(data, String.join("\n",
                "{\"text\": \"I love it, wonderful and delightful!\", \"label\": \"positive\"}",
                "{\"text\": \"Horrible, broken, a total waste of money.\", \"label\": \"negative\"}",
                "{\"text\": \"Great value, works perfectly, very happy with this purchase.\", \"label\": \"positive\"}",
                "{\"text\": \"Awful.\", \"label\": \"negative\"}",
                "{\"text\": \"The best film I have seen this year, funny and moving.\", \"label\": \"positive\"}",
                "{\"text\": \"Stopped working after two days and support never answered.\", \"label\": \"negative\"}") + "\n");

        String stdout = CommandOutput.run(new BenchEnginesCommand(), List.of("--data", data.toString(), "--encoder",
                "all-minilm-l6-v2", "--head", "sst2", "--preset", "tokens", "--rounds", "1", "--call-size", "2",
                "--threads", "1", "--json"));

        JsonNode json = CommandOutput.lastLineJson(stdout);
        assertEquals(6, json.get("texts").asInt());
        assertEquals(6, json.get("warmup_texts").asInt(), "the warm-up must classify every text, not one call");
        assertEquals(1, json.get("rounds").asInt());
        assertTrue(json.get("speedup").asDouble() > 0, "speedup " + json.get("speedup"));
        assertTrue(json.get("speedup_vs_int8").asDouble() > 0, "speedup_vs_int8 " + json.get("speedup_vs_int8"));
        assertTrue(json.get("flops_ratio").asDouble() < 1.0, "flops_ratio " + json.get("flops_ratio"));
    }
}
