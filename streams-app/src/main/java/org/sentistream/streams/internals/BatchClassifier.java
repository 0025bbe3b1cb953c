package org.sentistream.streams.internals;

import java.util.ArrayList;
import java.util.List;

import org.sentistream.engine.InferenceException;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.SentimentClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a batch in one call and, when the classifier fails, retries each half until the failing
 * texts are isolated. A text that fails on its own gets an error instead of a prediction, so one bad
 * text costs about log2(batch size) extra calls and never blocks the rest of its batch.
 */
public final class BatchClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(BatchClassifier.class);

    private final SentimentClassifier classifier;

    /**
     * Prediction or error of one text.
     *
     * @param prediction the prediction, or null if the text failed
     * @param error why the text failed alone, or null
     */
    public record Outcome(Prediction prediction, String error) {
    }

    public BatchClassifier(SentimentClassifier classifier) {
        this.classifier = classifier;
    }

    /** Returns one outcome per text, in order. */
    public List<Outcome> classify(List<String> texts) {
        List<Outcome> outcomes = new ArrayList<>(texts.size());
        classifyInto(texts, outcomes);
        return outcomes;
    }

    private void classifyInto(List<String> texts, List<Outcome> outcomes) {
        List<Prediction> predictions;
        try {
            predictions = classifier.classify(texts);
        } catch (InferenceException e) {
            if (texts.size() == 1) {
                outcomes.add(new Outcome(null, "Classifier failed on this text alone: " + e.getMessage()));
                return;
            }
            int half = texts.size() / 2;
            LOG.debug("Classifier failed on a batch of {} texts, retrying halves of {} and {}: {}",
                    texts.size(), half, texts.size() - half, e.getMessage());
            classifyInto(texts.subList(0, half), outcomes);
            classifyInto(texts.subList(half, texts.size()), outcomes);
            return;
        }

        if (predictions.size() != texts.size()) {
            throw new IllegalStateException("Classifier returned " + predictions.size() + " predictions for "
                    + texts.size() + " texts");
        }
        for (Prediction prediction : predictions) {
            outcomes.add(new Outcome(prediction, null));
        }
    }
}
