package org.sentistream.engine.quicksilver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sentistream.engine.ComputeStats;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.internals.TokenizedText;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;
import org.sentistream.engine.quicksilver.SpecialTokenPolicy;

class MechanismsTest {

    private static final EncoderModel MODEL = EncoderModel.ALL_MINILM_L6_V2;

    private static QuickSilverConfig halting(double drift, double start, SpecialTokenPolicy specials) {
        Map<String, String> properties = new HashMap<>();
        properties.put("quicksilver.preset", "off");
        properties.put("quicksilver.halt.drift", String.valueOf(drift));
        properties.put("quicksilver.halt.start", String.valueOf(start));
        properties.put("quicksilver.special-tokens", specials.name());
        return QuickSilverConfig.fromProperties(properties);
    }

    /** Records each unit's state after {@code layer}, for the units that layer computed. */
    private static LayerObserver capture(int layer, Map<Integer, float[]> rows) {
        return (l, state, computed) -> {
            if (l != layer) {
                return;
            }
            for (int unit = 0; unit < state.units; unit++) {
                if (computed[unit]) {
                    rows.put(unit, java.util.Arrays.copyOfRange(state.states, unit * state.hidden, (unit + 1) * state.hidden));
                }
            }
        };
    }

    @Test
    void haltedRunMatchesDenseAtFirstHaltedLayer() {
        LayerwiseEncoder encoder = Encoders.layerwise(MODEL);
        QuickSilverRunner runner = new QuickSilverRunner(encoder);
        List<TokenizedText> texts = Encoders.tokenize(MODEL, Encoders.SAMPLES);
        int layers = encoder.layers();
        int firstHalted = layers / 2;
        MechanismPlan plan = MechanismPlan.of(halting(0.5, 0.5, SpecialTokenPolicy.EXEMPT), layers, null);

        Map<Integer, float[]> dense = new HashMap<>();
        Map<Integer, float[]> halted = new HashMap<>();
        runner.encode(texts, texts.size(), MechanismPlan.dense(layers, false), capture(firstHalted, dense));
        runner.encode(texts, texts.size(), plan, capture(firstHalted, halted));

        assertTrue(halted.size() < dense.size(), "no token halted: " + halted.size() + " of " + dense.size() + " computed");
        assertTrue(halted.size() > 0, "every token halted");
        for (Map.Entry<Integer, float[]> row : halted.entrySet()) {
            float diff = Encoders.maxAbsDiff(dense.get(row.getKey()), row.getValue());
            assertTrue(diff < 1e-4, "unit " + row.getKey() + " differs from the dense run by " + diff);
        }
    }

    @Test
    void fullyHaltedTextStillPools() {
        LayerwiseEncoder encoder = Encoders.layerwise(MODEL);
        QuickSilverRunner runner = new QuickSilverRunner(encoder);
        List<TokenizedText> texts = Encoders.tokenize(MODEL, List.of("meh", "what a day"));
        MechanismPlan plan = MechanismPlan.of(halting(1e6, 0, SpecialTokenPolicy.LIKE_CONTENT), encoder.layers(), null);

        List<QuickSilverRunner.EncodedText> encoded = runner.encode(texts, 2, plan);

        for (int i = 0; i < texts.size(); i++) {
            QuickSilverRunner.EncodedText text = encoded.get(i);
            assertEquals(texts.get(i).length(), text.stats().haltedTokens());
            assertEquals(texts.get(i).length(), text.stats().tokenLayerUpdates());
            double norm = 0;
            for (float v : text.pooled()) {
                assertTrue(Float.isFinite(v), "pooled value is not finite: " + v);
                norm += v * v;
            }
            assertTrue(norm > 0, "pooled embedding is zero");
        }
    }

    @Test
    void haltEndPoolsTheLastComputedLayer() {
        LayerwiseEncoder encoder = Encoders.layerwise(MODEL);
        QuickSilverRunner runner = new QuickSilverRunner(encoder);
        List<TokenizedText> texts = Encoders.tokenize(MODEL, Encoders.SAMPLES);
        int layers = encoder.layers();
        int depth = layers - 2;
        MechanismPlan plan = MechanismPlan.of(QuickSilverConfig.fromProperties(Map.of("quicksilver.preset", "off",
                "quicksilver.halt.end", String.valueOf((double) depth / layers))), layers, null);

        // The dense run's mean pool after the last layer the plan computes, every token weighing one.
        // One text per call, because the runner sorts a batch by length.
        List<float[]> expected = new ArrayList<>();
        for (TokenizedText text : texts) {
            runner.encode(List.of(text), 1, MechanismPlan.dense(layers, false), (l, state, computed) -> {
                if (l != depth - 1) {
                    return;
                }
                float[] mean = new float[state.hidden];
                for (int unit = 0; unit < state.units; unit++) {
                    for (int k = 0; k < state.hidden; k++) {
                        mean[k] += state.states[unit * state.hidden + k] / state.units;
                    }
                }
                expected.add(mean);
            });
        }
        List<QuickSilverRunner.EncodedText> encoded = runner.encode(texts, texts.size(), plan);

        for (int i = 0; i < texts.size(); i++) {
            ComputeStats stats = encoded.get(i).stats();
            int tokens = texts.get(i).length();
            assertEquals((long) tokens * depth, stats.tokenLayerUpdates(), "token-layer updates of text " + i);
            assertEquals(tokens, stats.haltedTokens(), "halted tokens of text " + i);
            float diff = Encoders.maxAbsDiff(expected.get(i), encoded.get(i).pooled());
            assertTrue(diff < 1e-4, "text " + i + " differs from the dense pool after layer " + depth + " by " + diff);
        }
    }

    @Test
    void haltEndOutOfRangeRejected() {
        for (String value : List.of("0", "-0.5", "1.01", "NaN")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> QuickSilverConfig.fromProperties(Map.of("quicksilver.halt.end", value)));
            assertTrue(e.getMessage().contains("quicksilver.halt.end"), e.getMessage());
        }
    }

    @Test
    void skippedKeyEqualsMaskedKey() {
        LayerwiseEncoder encoder = Encoders.layerwise(MODEL);
        QuickSilverRunner runner = new QuickSilverRunner(encoder);
        List<TokenizedText> texts = Encoders.tokenize(MODEL, Encoders.SAMPLES.subList(0, 4));
        MechanismPlan plan = MechanismPlan.dense(encoder.layers(), false);
        int unit = 3;

        Map<Integer, float[]> skipped = new HashMap<>();
        Map<Integer, float[]> masked = new HashMap<>();
        LayerObserver capSkipped = capture(1, skipped);
        LayerObserver capMasked = capture(1, masked);
        runner.encode(texts, texts.size(), plan, (l, state, computed) -> {
            if (l == 0) {
                state.keySkipped[unit] = true;
            }
            capSkipped.afterLayer(l, state, computed);
        });
        runner.encode(texts, texts.size(), plan, (l, state, computed) -> {
            if (l == 0) {
                state.keyMasked[unit] = true;
            }
            capMasked.afterLayer(l, state, computed);
        });

        assertEquals(masked.keySet(), skipped.keySet());
        for (Map.Entry<Integer, float[]> row : skipped.entrySet()) {
            float diff = Encoders.maxAbsDiff(masked.get(row.getKey()), row.getValue());
            assertTrue(diff < 1e-5, "unit " + row.getKey() + " differs between skipping and masking by " + diff);
        }
    }

    @Test
    void fusingIdenticalNeighboursChangesNothing() {
        LayerwiseEncoder encoder = Encoders.layerwise(MODEL);
        QuickSilverRunner runner = new QuickSilverRunner(encoder);
        List<TokenizedText> texts = Encoders.tokenize(MODEL, Encoders.SAMPLES.subList(0, 3));
        MechanismPlan plan = MechanismPlan.dense(encoder.layers(), false);
        int longest = 0;
        for (int i = 1; i < texts.size(); i++) {
            longest = texts.get(i).length() > texts.get(longest).length() ? i : longest;
        }

        // The batch is sorted by length, so the longest text is the last; its tokens 1 and 2 get equal states.
        List<QuickSilverRunner.EncodedText> separate = runner.encode(texts, texts.size(), plan, (l, state, computed) -> {
            if (l == 0) {
                copyState(state, state.order[state.texts - 1][1], state.order[state.texts - 1][2]);
            }
        });
        List<QuickSilverRunner.EncodedText> fused = runner.encode(texts, texts.size(), plan, (l, state, computed) -> {
            if (l == 0) {
                int text = state.texts - 1;
                int left = state.order[text][1];
                int right = state.order[text][2];
                copyState(state, left, right);
                state.fuse(text, left, right);
            }
        });

        for (int i = 0; i < texts.size(); i++) {
            float diff = Encoders.maxAbsDiff(separate.get(i).pooled(), fused.get(i).pooled());
            assertTrue(diff < 1e-5, "text " + i + " differs after fusing identical tokens by " + diff);
        }
        assertEquals(1, fused.get(longest).stats().fusedTokens());
    }

    private static void copyState(BatchState state, int from, int to) {
        System.arraycopy(state.states, from * state.hidden, state.states, to * state.hidden, state.hidden);
    }

    @Test
    void int8RoutingStaysCloseToFp32() {
        LayerwiseEncoder encoder = Encoders.layerwise(MODEL);
        QuickSilverRunner runner = new QuickSilverRunner(encoder);
        List<TokenizedText> texts = Encoders.tokenize(MODEL, Encoders.SAMPLES);
        QuickSilverConfig int8Only = QuickSilverConfig.fromProperties(Map.of(
                "quicksilver.preset", "off", "quicksilver.int8.attention", "infinity"));
        QuickSilverConfig mixed = QuickSilverConfig.fromProperties(Map.of(
                "quicksilver.preset", "off", "quicksilver.int8.attention", "1.0"));

        List<QuickSilverRunner.EncodedText> dense = runner.encode(texts, 5, MechanismPlan.dense(encoder.layers(), false));
        List<List<QuickSilverRunner.EncodedText>> routed = new ArrayList<>();
        routed.add(runner.encode(texts, 5, MechanismPlan.of(int8Only, encoder.layers(), null)));
        routed.add(runner.encode(texts, 5, MechanismPlan.of(mixed, encoder.layers(), null)));

        // The int8 export sets the bar: per-tensor activation scales cost short texts the most.
        float[][] export;
        try (WholeModelEncoder quantized = WholeModelEncoder.load("/" + MODEL.id() + "-q.onnx", 2)) {
            export = quantized.pool(texts, 5);
        }
        for (List<QuickSilverRunner.EncodedText> run : routed) {
            for (int i = 0; i < texts.size(); i++) {
                double cosine = cosine(dense.get(i).pooled(), run.get(i).pooled());
                double bar = Math.min(0.98, cosine(dense.get(i).pooled(), export[i]) - 0.02);
                assertTrue(cosine > bar, "text " + i + " has cosine " + cosine + " to the fp32 embedding, below " + bar);
            }
        }
        float exempt = 2f / texts.get(0).length();
        assertEquals(1f - exempt, routed.get(0).get(0).stats().int8Fraction(), 1e-6);
        assertTrue(routed.get(1).get(0).stats().int8Fraction() > 0, "mixed routing sent no token to int8");
        assertTrue(routed.get(1).get(0).stats().int8Fraction() < 1f - exempt, "mixed routing sent every token to int8");
    }

    @Test
    void presetsParse() {
        for (String preset : QuickSilverPreset.ids()) {
            QuickSilverConfig config = QuickSilverConfig.fromProperties(Map.of("quicksilver.preset", preset));
            assertEquals(config, QuickSilverConfig.fromProperties(config.toProperties()));
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
