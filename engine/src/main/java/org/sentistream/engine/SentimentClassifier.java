package org.sentistream.engine;

import java.util.List;

/**
 * Classifies texts into negative, neutral or positive sentiment.
 *
 * <p>Implementations hold native ONNX Runtime resources, so callers close them. One instance may be
 * shared by several threads only if the implementation documents it. The streams application gives each
 * stream thread its own batch loop but shares one classifier, whose {@link #classify} is thread-safe.
 */
public interface SentimentClassifier extends AutoCloseable {

    /**
     * Classifies a batch of texts.
     *
     * @param texts texts to classify, not null, with no null element
     * @return one prediction per text, in the order of {@code texts}
     * @throws InferenceException if the encoder or the head fails for this batch
     */
    List<Prediction> classify(List<String> texts);

    /** Returns what produced the predictions: encoder, head and engine. */
    ModelInfo info();

    @Override
    void close();
}
