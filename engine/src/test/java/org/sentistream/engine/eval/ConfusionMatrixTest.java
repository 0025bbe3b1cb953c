package org.sentistream.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sentistream.engine.Sentiment;

class ConfusionMatrixTest {

    private static final float[] NEG = {0.8f, 0.1f, 0.1f};
    private static final float[] NEU = {0.1f, 0.8f, 0.1f};
    private static final float[] POS = {0.1f, 0.1f, 0.8f};

    @Test
    void threeClassMetrics() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of(Sentiment.values()));
        matrix.add(Sentiment.NEGATIVE, NEG);
        matrix.add(Sentiment.NEGATIVE, NEU);
        matrix.add(Sentiment.NEUTRAL, NEU);
        matrix.add(Sentiment.POSITIVE, POS);

        Metrics metrics = matrix.metrics();

        assertEquals(0.75, metrics.accuracy(), 1e-9);
        assertEquals((0.5 + 1 + 1) / 3, metrics.macroRecall(), 1e-9);
        // F1: negative 2/3, neutral 2/3 (precision 1/2, recall 1), positive 1.
        assertEquals((2.0 / 3 + 2.0 / 3 + 1) / 3, metrics.macroF1(), 1e-9);
        assertEquals(1, metrics.confusion()[0][1]);
    }

    @Test
    void binaryMapsNeutralToLikelierPolarity() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of(Sentiment.NEGATIVE, Sentiment.POSITIVE));
        matrix.add(Sentiment.POSITIVE, new float[] {0.1f, 0.6f, 0.3f});
        matrix.add(Sentiment.NEGATIVE, new float[] {0.35f, 0.6f, 0.05f});

        Metrics metrics = matrix.metrics();

        assertEquals(1.0, metrics.accuracy(), 1e-9);
    }

    @Test
    void labelWithoutRowsLeftOutOfMacroMeans() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of(Sentiment.values()));
        matrix.add(Sentiment.NEGATIVE, NEG);
        matrix.add(Sentiment.NEGATIVE, NEU);

        Metrics metrics = matrix.metrics();

        // Negative has recall 1/2 and neutral, only predicted, recall 0. Positive has no row at all.
        assertEquals(0.25, metrics.macroRecall(), 1e-9);
        assertEquals((2.0 / 3 + 0) / 2, metrics.macroF1(), 1e-9);
        assertEquals(Map.of("negative", 0.5, "neutral", 0.0), metrics.recallByLabel());
    }

    @Test
    void goldOutsideLabelsIsRejected() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of(Sentiment.NEGATIVE, Sentiment.POSITIVE));

        assertThrows(IllegalArgumentException.class, () -> matrix.add(Sentiment.NEUTRAL, NEU));
    }
}
