package org.sentistream.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.engine.internals.HeadDefinition;
import org.sentistream.engine.internals.HeadFiles;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/** Trains small heads on the dense encoder and on a QuickSilver preset's output. */
class HeadTrainerTest {

    private static final String ENCODER = "all-minilm-l6-v2";
    private static final List<String> GOOD = List.of("great", "wonderful", "excellent", "lovely", "fantastic");
    private static final List<String> BAD = List.of("awful", "terrible", "horrible", "dreadful", "useless");
    private static final List<String> THINGS = List.of("phone", "hotel room", "pizza", "customer service");

    @TempDir
    Path directory;

    @Test
    void presetHeadRecordsEngineAndCachesApart() throws IOException {
        Path data = writeData();
        Path cache = directory.resolve("cache");

        TrainingResult dense = HeadTrainer.train(options(data, cache, "dense.json", null));
        TrainingResult balanced = HeadTrainer.train(options(data, cache, "balanced.json",
                QuickSilverPreset.BALANCED));

        Map<String, Object> denseTraining = dense.head().training();
        Map<String, Object> presetTraining = balanced.head().training();
        assertEquals("dense-fp32", denseTraining.get("engine"));
        assertNull(denseTraining.get("quicksilver"));
        assertEquals("quicksilver-balanced", presetTraining.get("engine"));
        assertEquals("balanced", ((Map<?, ?>) presetTraining.get("quicksilver")).get("quicksilver.preset"));

        // The int8 layers shift the pooled embeddings, so the standardization differs from the dense head's.
        assertFalse(Arrays.equals(dense.head().mean(), balanced.head().mean()));
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(2, files.count(), "dense and QuickSilver embeddings need their own cache files");
        }

        HeadDefinition written = HeadFiles.read(Files.readAllBytes(directory.resolve("balanced.json")));
        assertEquals("quicksilver-balanced", written.training().get("engine"));
    }

    private TrainingOptions options(Path data, Path cache, String out, QuickSilverPreset preset) {
        return new TrainingOptions(data, null, null, ENCODER, 2, "test", directory.resolve(out), 0.1, null, false,
                0, 0, 0.25, cache, 2, 16, 64, "test", preset == null ? null : preset.config());
    }

    private Path writeData() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String thing : THINGS) {
            for (int i = 0; i < GOOD.size(); i++) {
                lines.add("{\"text\": \"The " + thing + " was " + GOOD.get(i) + ".\", \"label\": \"positive\"}");
                lines.add("{\"text\": \"The " + thing + " was " + BAD.get(i) + ".\", \"label\": \"negative\"}");
            }
        }
        Path data = directory.resolve("reviews.jsonl");
        Files.write(data, lines);
        return data;
    }
}
