package org.sentistream.engine.internals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

    /** Three Gaussian clusters in 8 dimensions, centred on different axes. */
    private static float[][] clusters(int n, int[] targets, Random random) {
        float[][] x = new float[n][8];
        for (int i = 0; i < n; i++) {
            targets[i] = i % 3;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            x[i][targets[i]] += 3f;
        }
        return x;
    }

    private static int predict(SoftmaxRegression.Fit fit, float[] x) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < fit.weights().length; c++) {
            double score = fit.bias()[c];
            for (int j = 0; j < x.length; j++) {
                score += fit.weights()[c][j] * x[j];
            }
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    @Test
    void separatesClusters() {
        Random random = new Random(7);
        int[] targets = new int[600];
        float[][] x = clusters(600, targets, random);
        double[] weights = new double[600];
        Arrays.fill(weights, 1.0);

        SoftmaxRegression.Fit fit = new SoftmaxRegression(x, targets, weights, 3).fit(1e-3);

        int[] testTargets = new int[300];
        float[][] test = clusters(300, testTargets, random);
        int correct = 0;
        for (int i = 0; i < test.length; i++) {
            if (predict(fit, test[i]) == testTargets[i]) {
                correct++;
            }
        }
        assertTrue(correct >= 270, "accuracy " + correct + "/300");
    }

    @Test
    void strongPenaltyShrinksWeights() {
        Random random = new Random(11);
        int[] targets = new int[300];
        float[][] x = clusters(300, targets, random);
        double[] weights = new double[300];
        Arrays.fill(weights, 1.0);
        SoftmaxRegression regression = new SoftmaxRegression(x, targets, weights, 3);

        double weak = norm(regression.fit(1e-4));
        double strong = norm(regression.fit(10));

        assertTrue(strong < weak / 5, "weak " + weak + ", strong " + strong);
    }

    private static double norm(SoftmaxRegression.Fit fit) {
        double sum = 0;
        for (float[] row : fit.weights()) {
            for (float w : row) {
                sum += w * w;
            }
        }
        return Math.sqrt(sum);
    }
}
