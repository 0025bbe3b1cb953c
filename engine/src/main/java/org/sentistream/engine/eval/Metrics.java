package org.sentistream.engine.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sentistream.engine.Sentiment;

/**
 * Classification metrics over one label set. Fractions are in 0..1.
 *
 * @param labels scored labels, the order of {@code confusion} and {@code recall}
 * @param confusion counts {@code [gold][predicted]}
 * @param texts rows scored
 * @param accuracy share of rows predicted right
 * @param macroRecall unweighted mean of the per-class recalls (the SemEval-2017 Task 4A metric), over
 *     the labels that have gold rows or predictions
 * @param macroF1 unweighted mean of the per-class F1 scores, over the same labels
 * @param recall per-class recall, NaN for a label with neither gold rows nor predictions
 */
public record Metrics(List<Sentiment> labels, long[][] confusion, long texts, double accuracy,
        double macroRecall, double macroF1, double[] recall) {

    /** Returns the recall of every label that has gold rows or predictions, keyed by its data label. */
    public Map<String, Double> recallByLabel() {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (!Double.isNaN(recall[i])) {
                byLabel.put(labels.get(i).dataLabel(), recall[i]);
            }
        }
        return byLabel;
    }

    /** Returns the metrics as a map with rounded values, for JSON output. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("texts", texts);
        map.put("accuracy", round4(accuracy));
        map.put("macro_recall", round4(macroRecall));
        map.put("macro_f1", round4(macroF1));
        Map<String, Double> recalls = new LinkedHashMap<>();
        recallByLabel().forEach((label, value) -> recalls.put(label, round4(value)));
        map.put("recall", recalls);
        return map;
    }

    /** Rounds to 4 decimals. */
    public static double round4(double value) {
        return Math.round(value * 10_000d) / 10_000d;
    }
}
