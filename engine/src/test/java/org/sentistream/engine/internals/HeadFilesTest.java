package org.sentistream.engine.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.engine.Sentiment;

class HeadFilesTest {

    @TempDir
    Path directory;

    private static HeadDefinition head(String encoder, List<String> labels) {
        int d = 384;
        float[] mean = new float[d];
        float[] std = new float[d];
        float[][] weights = new float[labels.size()][d];
        for (int i = 0; i < d; i++) {
            mean[i] = i * 0.001f;
            std[i] = 1f + i * 0.01f;
            for (int c = 0; c < labels.size(); c++) {
                weights[c][i] = (c - 1) * 0.003f * (i % 7) + 1e-7f * i;
            }
        }
        float[] bias = new float[labels.size()];
        bias[0] = 0.25f;
        return new HeadDefinition(HeadDefinition.FORMAT, encoder, "test", labels, "query: ", "2026-01-01",
                mean, std, weights, bias, Map.of("rows", 10, "l2", 0.01));
    }

    @Test
    void headRoundTrips() throws Exception {
        HeadDefinition written = head("all-minilm-l6-v2", List.of("negative", "neutral", "positive"));
        Path file = directory.resolve("h.json");
        HeadFiles.write(written, file);

        HeadDefinition read = HeadFiles.load(EncoderModel.ALL_MINILM_L6_V2, file.toString()).definition();

        assertEquals(written.encoder(), read.encoder());
        assertEquals(written.name(), read.name());
        assertEquals(written.labels(), read.labels());
        assertEquals(written.prefix(), read.prefix());
        assertArrayEquals(written.mean(), read.mean());
        assertArrayEquals(written.std(), read.std());
        assertArrayEquals(written.bias(), read.bias());
        for (int c = 0; c < written.weights().length; c++) {
            assertArrayEquals(written.weights()[c], read.weights()[c]);
        }
        assertEquals(10, ((Number) read.training().get("rows")).intValue());
    }

    @Test
    void sameBytesGiveSameHash() throws Exception {
        Path file = directory.resolve("h.json");
        HeadFiles.write(head("all-minilm-l6-v2", List.of("negative", "positive")), file);

        String first = HeadFiles.load(EncoderModel.ALL_MINILM_L6_V2, file.toString()).sha256();
        String second = HeadFiles.load(EncoderModel.ALL_MINILM_L6_V2, file.toString()).sha256();

        assertEquals(first, second);
    }

    @Test
    void otherEncoderIsRejected() throws Exception {
        Path file = directory.resolve("h.json");
        HeadFiles.write(head("e5-small-v2", List.of("negative", "neutral", "positive")), file);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeadFiles.load(EncoderModel.ALL_MINILM_L6_V2, file.toString()));

        assertTrue(e.getMessage().contains("e5-small-v2"), e.getMessage());
    }

    @Test
    void invalidJsonIsRejected() throws Exception {
        Path file = directory.resolve("broken.json");
        Files.writeString(file, "{\"format\": 1, \"weights\": [");

        assertThrows(IllegalArgumentException.class, () -> HeadFiles.load(EncoderModel.ALL_MINILM_L6_V2, file.toString()));
    }

    @Test
    void binaryHeadSpreadsOverThreeClasses() {
        SoftmaxHead softmax = new SoftmaxHead(head("all-minilm-l6-v2", List.of("negative", "positive")), 384);
        float[] pooled = new float[384];
        pooled[3] = 1f;

        float[] probabilities = softmax.probabilities(pooled);

        assertEquals(3, probabilities.length);
        assertEquals(0f, probabilities[Sentiment.NEUTRAL.ordinal()]);
        assertEquals(1f, probabilities[0] + probabilities[2], 1e-6f);
    }

    @Test
    void wrongWidthIsRejected() {
        HeadDefinition definition = head("all-minilm-l6-v2", List.of("negative", "positive"));

        assertThrows(IllegalArgumentException.class, () -> new SoftmaxHead(definition, 768));
    }

    @Test
    void bundledHeadsExist() {
        for (EncoderModel model : EncoderModel.values()) {
            for (String name : HeadFiles.BUNDLED_HEADS) {
                HeadDefinition definition = HeadFiles.load(model, name).definition();
                assertEquals(name, definition.name(), model.id() + "/" + name);
                assertTrue(definition.training().containsKey("validation_metrics"), model.id() + "/" + name);
            }
        }
    }
}
