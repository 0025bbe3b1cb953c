package org.sentistream.cli.calibrate;

import java.util.ArrayList;
import java.util.List;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.SentimentClassifier;

/**
 * Passes classify calls to another classifier and keeps every prediction in call order, so that an
 * {@link org.sentistream.engine.eval.Evaluator} pass also yields the labels to compare with the
 * reference. Closing it leaves the wrapped classifier open, because its owner closes that.
 */
final class RecordingClassifier implements SentimentClassifier {

    private final SentimentClassifier delegate;
    private final List<Prediction> predictions = new ArrayList<>();

    RecordingClassifier(SentimentClassifier delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<Prediction> classify(List<String> texts) {
        List<Prediction> batch = delegate.classify(texts);
        predictions.addAll(batch);
        return batch;
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public void close() {
        // The owner of the wrapped classifier closes it.
    }

    List<Prediction> predictions() {
        return predictions;
    }
}
