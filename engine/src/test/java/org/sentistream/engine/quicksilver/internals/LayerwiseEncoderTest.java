package org.sentistream.engine.quicksilver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.internals.TokenizedText;

class LayerwiseEncoderTest {

    @ParameterizedTest
    @EnumSource(EncoderModel.class)
    void packedMatchesWholeModel(EncoderModel model) {
        List<TokenizedText> texts = Encoders.tokenize(model, Encoders.SAMPLES);
        float[][] reference = Encoders.whole(model).pool(texts, 4);
        QuickSilverRunner runner = new QuickSilverRunner(Encoders.layerwise(model));

        List<QuickSilverRunner.EncodedText> encoded = runner.encode(texts, 4,
                MechanismPlan.dense(runner.encoder().layers(), false));

        for (int i = 0; i < texts.size(); i++) {
            float diff = Encoders.maxAbsDiff(reference[i], encoded.get(i).pooled());
            assertTrue(diff < 1e-4, "text " + i + " differs from the whole model by " + diff);
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderModel.class)
    void fusedNormMatchesWholeModel(EncoderModel model) {
        List<TokenizedText> texts = Encoders.tokenize(model, Encoders.SAMPLES);
        float[][] reference = Encoders.whole(model).pool(texts, 4);

        try (LayerwiseEncoder encoder = LayerwiseEncoder.load(model.id(), model.onnxResource(),
                EnumSet.of(Precision.FP32), true, 2)) {
            QuickSilverRunner runner = new QuickSilverRunner(encoder);
            MechanismPlan dense = MechanismPlan.dense(encoder.layers(), false);
            List<QuickSilverRunner.EncodedText> prefixed = runner.encode(texts, 4, dense);
            encoder.usePrefixGraphs(false);
            List<QuickSilverRunner.EncodedText> stepped = runner.encode(texts, 4, dense);

            for (int i = 0; i < texts.size(); i++) {
                float prefixDiff = Encoders.maxAbsDiff(reference[i], prefixed.get(i).pooled());
                float stepDiff = Encoders.maxAbsDiff(reference[i], stepped.get(i).pooled());
                assertTrue(prefixDiff < 1e-4, "text " + i + " differs from the whole model by " + prefixDiff
                        + " in the prefix graph");
                assertTrue(stepDiff < 1e-4, "text " + i + " differs from the whole model by " + stepDiff
                        + " layer by layer");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderModel.class)
    void paddedMatchesPacked(EncoderModel model) {
        List<TokenizedText> texts = Encoders.tokenize(model, Encoders.SAMPLES);
        QuickSilverRunner runner = new QuickSilverRunner(Encoders.layerwise(model));
        int layers = runner.encoder().layers();

        List<QuickSilverRunner.EncodedText> packed = runner.encode(texts, 5, MechanismPlan.dense(layers, false));
        List<QuickSilverRunner.EncodedText> padded = runner.encode(texts, 5, MechanismPlan.dense(layers, true));

        for (int i = 0; i < texts.size(); i++) {
            float diff = Encoders.maxAbsDiff(packed.get(i).pooled(), padded.get(i).pooled());
            assertTrue(diff < 1e-5, "text " + i + " differs between padded and packed by " + diff);
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderModel.class)
    void prefixGraphMatchesLayerByLayer(EncoderModel model) {
        List<TokenizedText> texts = Encoders.tokenize(model, Encoders.SAMPLES);
        LayerwiseEncoder encoder = Encoders.layerwise(model);
        QuickSilverRunner runner = new QuickSilverRunner(encoder);
        MechanismPlan plan = MechanismPlan.of(MechanismPlanTest.balancedLike(), encoder.layers(), null);

        List<QuickSilverRunner.EncodedText> prefixed = runner.encode(texts, 4, plan);
        List<QuickSilverRunner.EncodedText> stepped;
        encoder.usePrefixGraphs(false);
        try {
            stepped = runner.encode(texts, 4, plan);
        } finally {
            encoder.usePrefixGraphs(true);
        }

        for (int i = 0; i < texts.size(); i++) {
            float diff = Encoders.maxAbsDiff(stepped.get(i).pooled(), prefixed.get(i).pooled());
            assertTrue(diff < 1e-4, "text " + i + " differs between the prefix graph and single layers by " + diff);
            assertEquals(stepped.get(i).stats(), prefixed.get(i).stats(), "text " + i);
        }
        assertTrue(prefixed.stream().anyMatch(t -> t.stats().haltedTokens() > 0), "no token halted after the prefix");
    }

    @ParameterizedTest
    @EnumSource(EncoderModel.class)
    void denseStatsMatchFormula(EncoderModel model) {
        List<TokenizedText> texts = Encoders.tokenize(model, Encoders.SAMPLES);
        QuickSilverRunner runner = new QuickSilverRunner(Encoders.layerwise(model));

        List<QuickSilverRunner.EncodedText> encoded = runner.encode(texts, 4,
                MechanismPlan.dense(runner.encoder().layers(), false));

        for (QuickSilverRunner.EncodedText text : encoded) {
            assertEquals(text.stats().denseFlops(), text.stats().flops());
            assertEquals(text.stats().denseTokenLayerUpdates(), text.stats().tokenLayerUpdates());
        }
    }
}
