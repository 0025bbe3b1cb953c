package org.sentistream.engine.eval;

/**
 * Result of classifying a labelled data set.
 *
 * @param metrics accuracy, recalls, F1 and confusion matrix
 * @param seconds wall time spent in {@code classify} calls, tokenization included
 * @param textsPerSecond texts divided by {@code seconds}
 * @param truncatedTexts texts longer than the model window
 * @param flopsRatio estimated operations divided by those of a dense run; 1.0 for a dense engine
 * @param int8Fraction token-weighted share of token-layer updates computed in int8
 */
public record EvaluationResult(Metrics metrics, double seconds, double textsPerSecond, long truncatedTexts,
        double flopsRatio, double int8Fraction) {
}
