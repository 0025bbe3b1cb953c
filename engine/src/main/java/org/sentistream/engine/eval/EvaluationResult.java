package org.sentistream.engine.eval;

import java.util.List;
import org.sentistream.engine.Sentiment;

/**
 * Result of classifying a labelled data set.
 *
 * @param metrics accuracy, recalls, F1 and confusion matrix
 * @param seconds wall time spent in {@code classify} calls, tokenization included
 * @param textsPerSecond texts divided by {@code seconds}
 * @param truncatedTexts texts longer than the model window
 * @param flopsRatio estimated operations divided by those of a dense run; 1.0 for a dense engine
 * @param int8Fraction token-weighted share of token-layer updates computed in int8
 * @param unpredictableLabels labels of the data to which the classifier gave probability 0 for every
 *     text, such as neutral for a binary head: their recall is 0 whatever the model does
 */
public record EvaluationResult(Metrics metrics, double seconds, double textsPerSecond, long truncatedTexts,
        double flopsRatio, double int8Fraction, List<Sentiment> unpredictableLabels) {

    public EvaluationResult {
        unpredictableLabels = List.copyOf(unpredictableLabels);
    }
}
