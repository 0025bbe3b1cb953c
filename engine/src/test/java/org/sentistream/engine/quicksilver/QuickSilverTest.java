package org.sentistream.engine.quicksilver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentistream.engine.ComputeStats;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.internals.EncoderModel;

class QuickSilverTest {

    private static final EngineConfig CONFIG = new EngineConfig("all-minilm-l6-v2", null, 2, 512, 8);
    private static final List<String> TEXTS = List.of(
            "I love this phone, the battery lasts forever!",
            "Worst customer service ever. Never again.",
            "The meeting has been moved to Thursday at 3pm in room 204.",
            "ok");

    private static SentimentClassifier balanced;

    @BeforeAll
    static void load() {
        balanced = QuickSilver.create(CONFIG, QuickSilverPreset.BALANCED);
    }

    @AfterAll
    static void close() {
        balanced.close();
    }

    @Test
    void paddedPresetKeepsMatchedHead() {
        QuickSilverConfig padded = QuickSilverPreset.BALANCED.config().withPadded(true);

        assertEquals("tweet3-balanced", QuickSilver.head(EncoderModel.ALL_MINILM_L6_V2, null, padded).definition().name());
    }

    @Test
    void fusedNormPresetKeepsMatchedHead() {
        // balanced fuses the layer norms, so the override turns them off.
        QuickSilverConfig unfused = balancedWith("fused-norm", "false");

        assertFalse(unfused.fusedNorm());
        assertEquals("tweet3-balanced", QuickSilver.head(EncoderModel.ALL_MINILM_L6_V2, null, unfused).definition().name());
    }

    @Test
    void int8SmoothingKeepsMatchedHead() {
        QuickSilverConfig smoothed = balancedWith("int8.smoothing", "0.5");

        assertEquals(0.5, smoothed.int8Smoothing());
        assertEquals("tweet3-balanced", QuickSilver.head(EncoderModel.ALL_MINILM_L6_V2, null, smoothed).definition().name());
    }

    /** Returns preset balanced with the key {@code quicksilver.KEY} set to {@code value}. */
    private static QuickSilverConfig balancedWith(String key, String value) {
        Map<String, String> keys = new HashMap<>(QuickSilverPreset.BALANCED.config().toProperties());
        keys.put(QuickSilverConfig.PREFIX + key, value);
        return QuickSilverConfig.fromProperties(keys);
    }

    @Test
    void balancedLabelsEveryText() {
        List<Prediction> predictions = balanced.classify(TEXTS);

        assertEquals(TEXTS.size(), predictions.size());
        for (Prediction prediction : predictions) {
            assertNotNull(prediction.label());
            float sum = 0;
            for (float p : prediction.probabilities()) {
                sum += p;
            }
            assertEquals(1f, sum, 1e-4);
        }
    }

    @Test
    void balancedReportsWork() {
        List<Prediction> predictions = balanced.classify(TEXTS);

        ComputeStats longest = predictions.get(2).stats();
        assertEquals(6, longest.layers());
        assertTrue(longest.flops() < longest.denseFlops(), "flops " + longest.flops() + " not below dense " + longest.denseFlops());
        assertTrue(longest.tokenLayerUpdates() <= longest.denseTokenLayerUpdates(), "more updates than dense");
        assertTrue(longest.int8Fraction() > 0.5f, "int8 fraction " + longest.int8Fraction());
        assertEquals("quicksilver-balanced", balanced.info().engine());
    }

    @Test
    void fullyHaltedTextGetsLabel() {
        QuickSilverConfig haltAll = QuickSilverConfig.fromProperties(Map.of(
                "quicksilver.preset", "off",
                "quicksilver.halt.drift", "1000",
                "quicksilver.halt.start", "0",
                "quicksilver.special-tokens", "like-content"));
        try (SentimentClassifier classifier = QuickSilver.create(CONFIG, haltAll)) {
            Prediction prediction = classifier.classify(List.of("meh")).get(0);

            assertNotNull(prediction.label());
            assertEquals(prediction.tokenCount(), prediction.stats().haltedTokens());
        }
    }

    @Test
    void offMatchesWholeModel() {
        try (SentimentClassifier off = QuickSilver.create(CONFIG, QuickSilverPreset.OFF);
                SentimentClassifier whole = QuickSilver.wholeModel(CONFIG, false)) {
            List<Prediction> layerwise = off.classify(TEXTS);
            List<Prediction> reference = whole.classify(TEXTS);

            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(reference.get(i).label(), layerwise.get(i).label());
                assertEquals(reference.get(i).probability(reference.get(i).label()),
                        layerwise.get(i).probability(reference.get(i).label()), 1e-4);
            }
        }
    }

    @Test
    void wholeModelsReportTheirPrecision() {
        try (SentimentClassifier fp32 = QuickSilver.wholeModel(CONFIG, false);
                SentimentClassifier int8 = QuickSilver.wholeModel(CONFIG, true)) {
            assertEquals(0f, fp32.classify(TEXTS.subList(0, 1)).get(0).stats().int8Fraction());
            assertEquals(1f, int8.classify(TEXTS.subList(0, 1)).get(0).stats().int8Fraction());
        }
    }

    @Test
    void presetUsesItsMatchedHead() {
        assertEquals("all-minilm-l6-v2/tweet3-balanced", balanced.info().modelId());
    }

    @Test
    void overriddenPresetUsesPlainHead() {
        QuickSilverConfig changed = QuickSilverConfig.fromProperties(Map.of(
                "quicksilver.preset", "balanced", "quicksilver.halt.percentile", "20"));
        try (SentimentClassifier classifier = QuickSilver.create(CONFIG, changed)) {
            assertEquals("all-minilm-l6-v2/tweet3", classifier.info().modelId());
        }
    }

    @Test
    void offPresetUsesPlainHead() {
        EngineConfig sst2 = new EngineConfig("all-minilm-l6-v2", "sst2", 2, 512, 8);
        try (SentimentClassifier classifier = QuickSilver.create(sst2, QuickSilverPreset.OFF)) {
            assertEquals("all-minilm-l6-v2/sst2", classifier.info().modelId());
        }
    }

    @Test
    void unknownKeyRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuickSilverConfig.fromProperties(Map.of("quicksilver.halt.treshold", "0.3")));
        assertTrue(e.getMessage().contains("quicksilver.halt.treshold"), e.getMessage());
    }

    @Test
    void unknownPresetRejected() {
        assertThrows(IllegalArgumentException.class, () -> QuickSilverPreset.byId("fastest"));
    }

    @Test
    void invalidSpecialTokensRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuickSilverConfig.fromProperties(Map.of("quicksilver.special-tokens", "foo")));
        assertTrue(e.getMessage().contains("'foo'"), e.getMessage());
        assertTrue(e.getMessage().contains("[exempt, like-content]"), e.getMessage());
    }

    @Test
    void specialTokensReadInEitherSpelling() {
        for (String value : List.of("like-content", "LIKE_CONTENT", " Like-Content ")) {
            QuickSilverConfig config = QuickSilverConfig.fromProperties(Map.of("quicksilver.special-tokens", value));
            assertEquals(SpecialTokenPolicy.LIKE_CONTENT, config.specialTokens(), value);
            assertEquals("like-content", config.toProperties().get("quicksilver.special-tokens"), value);
        }
    }
}
