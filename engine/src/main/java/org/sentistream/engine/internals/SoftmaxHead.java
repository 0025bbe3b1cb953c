package org.sentistream.engine.internals;

import java.util.List;
import org.sentistream.engine.Sentiment;

/**
 * Multinomial logistic regression over head features. A binary head has rows for negative and
 * positive only, and its probabilities are spread over the three sentiments with neutral at 0.
 */
public final class SoftmaxHead {

    private final HeadDefinition definition;
    private final int[] sentimentOfRow;

    public SoftmaxHead(HeadDefinition definition, int hiddenSize) {
        this.definition = definition;
        validate(definition, hiddenSize);
        List<String> labels = definition.labels();
        sentimentOfRow = new int[labels.size()];
        for (int row = 0; row < labels.size(); row++) {
            sentimentOfRow[row] = Sentiment.fromDataLabel(labels.get(row)).ordinal();
        }
    }

    private static void validate(HeadDefinition head, int hiddenSize) {
        String where = "head '" + head.name() + "' of encoder " + head.encoder();
        int rows = head.labels() == null ? 0 : head.labels().size();
        if (rows < 2 || rows > 3) {
            throw new IllegalArgumentException("Invalid " + where + ": expected 2 or 3 labels, found " + rows);
        }
        if (head.weights() == null || head.weights().length != rows || head.bias() == null || head.bias().length != rows) {
            throw new IllegalArgumentException("Invalid " + where + ": weights and bias need one row per label (" + rows + ")");
        }
        for (float[] row : head.weights()) {
            if (row.length != hiddenSize) {
                throw new IllegalArgumentException("Invalid " + where + ": weight rows have " + row.length
                        + " values, the encoder's hidden size is " + hiddenSize);
            }
        }
        if (head.mean() == null || head.mean().length != hiddenSize || head.std() == null || head.std().length != hiddenSize) {
            throw new IllegalArgumentException("Invalid " + where + ": mean and std need " + hiddenSize + " values");
        }
    }

    public HeadDefinition definition() {
        return definition;
    }

    /** Returns the probabilities of negative, neutral and positive for one pooled embedding. */
    public float[] probabilities(float[] pooled) {
        float[] features = FeatureTransform.standardize(FeatureTransform.normalize(pooled),
                definition.mean(), definition.std());

        float[][] weights = definition.weights();
        double[] logits = new double[weights.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < weights.length; row++) {
            double z = definition.bias()[row];
            for (int i = 0; i < features.length; i++) {
                z += (double) weights[row][i] * features[i];
            }
            logits[row] = z;
            max = Math.max(max, z);
        }

        double sum = 0;
        for (int row = 0; row < logits.length; row++) {
            logits[row] = Math.exp(logits[row] - max);
            sum += logits[row];
        }
        float[] probabilities = new float[Sentiment.values().length];
        for (int row = 0; row < logits.length; row++) {
            probabilities[sentimentOfRow[row]] = (float) (logits[row] / sum);
        }
        return probabilities;
    }
}
