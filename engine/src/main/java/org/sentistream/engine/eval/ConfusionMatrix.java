package org.sentistream.engine.eval;

import java.util.List;
import org.sentistream.engine.Sentiment;

/**
 * Counts of gold label against predicted label over a fixed label set. On a binary label set a
 * neutral prediction is scored as the more probable of negative and positive.
 */
public final class ConfusionMatrix {

    private final List<Sentiment> labels;
    private final long[][] counts;

    public ConfusionMatrix(List<Sentiment> labels) {
        this.labels = List.copyOf(labels);
        this.counts = new long[labels.size()][labels.size()];
    }

    /** Returns the label scored for {@code probabilities} (indexed by {@link Sentiment#ordinal()}) on this label set. */
    public Sentiment scoredLabel(float[] probabilities) {
        Sentiment best = null;
        for (Sentiment label : labels) {
            if (best == null || probabilities[label.ordinal()] > probabilities[best.ordinal()]) {
                best = label;
            }
        }
        return best;
    }

    /** Adds one row with gold {@code gold} and class probabilities {@code probabilities}. */
    public void add(Sentiment gold, float[] probabilities) {
        int goldIndex = labels.indexOf(gold);
        if (goldIndex < 0) {
            throw new IllegalArgumentException("Gold label " + gold.dataLabel() + " is not in the scored labels " + labels);
        }
        counts[goldIndex][labels.indexOf(scoredLabel(probabilities))]++;
    }

    public List<Sentiment> labels() {
        return labels;
    }

    /** Returns a copy of the counts, {@code [gold][predicted]} in the order of {@link #labels()}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long count : row) {
                total += count;
            }
        }
        return total;
    }

    /** Computes accuracy, recalls and F1 from the counts. */
    public Metrics metrics() {
        int k = labels.size();
        long correct = 0;
        double[] recall = new double[k];
        double[] f1 = new double[k];
        for (int c = 0; c < k; c++) {
            long goldTotal = 0;
            long predictedTotal = 0;
            for (int j = 0; j < k; j++) {
                goldTotal += counts[c][j];
                predictedTotal += counts[j][c];
            }
            long hits = counts[c][c];
            correct += hits;
            // A label with neither gold rows nor predictions stays out of the macro means, because no
            // prediction was wrong for it. A label that is only predicted counts with recall and F1 0.
            if (goldTotal == 0 && predictedTotal == 0) {
                recall[c] = Double.NaN;
                f1[c] = Double.NaN;
                continue;
            }
            recall[c] = goldTotal == 0 ? 0 : (double) hits / goldTotal;
            double precision = predictedTotal == 0 ? 0 : (double) hits / predictedTotal;
            f1[c] = precision + recall[c] == 0 ? 0 : 2 * precision * recall[c] / (precision + recall[c]);
        }

        long total = total();
        return new Metrics(labels, counts(), total,
                total == 0 ? 0 : (double) correct / total,
                mean(recall), mean(f1), recall);
    }

    /** Returns the mean of the values that are not NaN, or 0 when there are none. */
    private static double mean(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
