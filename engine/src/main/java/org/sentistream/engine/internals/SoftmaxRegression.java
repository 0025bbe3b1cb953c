package org.sentistream.engine.internals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Fits a multinomial logistic regression by full-batch L-BFGS. The objective is the
 * sample-weighted mean cross-entropy plus {@code l2 / 2 * ||W||²}; the bias is not penalized.
 */
public final class SoftmaxRegression {

    private static final int HISTORY = 10;
    private static final int MAX_ITERATIONS = 200;
    private static final double RELATIVE_TOLERANCE = 1e-8;
    private static final double ARMIJO = 1e-4;

    private final float[][] features;
    private final int[] targets;
    private final double[] sampleWeights;
    private final int classes;
    private final int dims;
    private final double weightTotal;

    /**
     * @param features {@code [rows][dims]} standardized features
     * @param targets class index of every row, in {@code 0..classes-1}
     * @param sampleWeights weight of every row
     * @param classes number of classes
     */
    public SoftmaxRegression(float[][] features, int[] targets, double[] sampleWeights, int classes) {
        this.features = features;
        this.targets = targets;
        this.sampleWeights = sampleWeights;
        this.classes = classes;
        this.dims = features[0].length;
        double total = 0;
        for (double w : sampleWeights) {
            total += w;
        }
        this.weightTotal = total;
    }

    /**
     * Fitted parameters.
     *
     * @param weights {@code [classes][dims]}
     * @param bias one per class
     * @param loss final objective value
     * @param iterations L-BFGS iterations run
     */
    public record Fit(float[][] weights, float[] bias, double loss, int iterations) {
    }

    /** Fits the model with L2 penalty {@code l2}. */
    public Fit fit(double l2) {
        int size = classes * (dims + 1);
        double[] x = new double[size];
        double[] gradient = new double[size];
        double loss = evaluate(x, l2, gradient);

        Deque<double[][]> history = new ArrayDeque<>();
        int iteration = 0;
        for (; iteration < MAX_ITERATIONS; iteration++) {
            double[] direction = twoLoop(gradient, history);
            double slope = dot(gradient, direction);
            if (slope >= 0) {
                history.clear();
                direction = negate(gradient);
                slope = dot(gradient, direction);
            }

            double step = iteration == 0 ? 1.0 / Math.sqrt(dot(gradient, gradient)) : 1.0;
            double[] candidate = new double[size];
            double[] candidateGradient = new double[size];
            double candidateLoss = Double.NaN;
            for (int tries = 0; tries < 40; tries++) {
                for (int i = 0; i < size; i++) {
                    candidate[i] = x[i] + step * direction[i];
                }
                candidateLoss = evaluate(candidate, l2, candidateGradient);
                if (candidateLoss <= loss + ARMIJO * step * slope) {
                    break;
                }
                step *= 0.5;
            }

            double[] s = new double[size];
            double[] y = new double[size];
            for (int i = 0; i < size; i++) {
                s[i] = candidate[i] - x[i];
                y[i] = candidateGradient[i] - gradient[i];
            }
            if (dot(s, y) > 1e-12) {
                history.addLast(new double[][] {s, y});
                if (history.size() > HISTORY) {
                    history.removeFirst();
                }
            }

            boolean converged = Math.abs(loss - candidateLoss) <= RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(loss));
            x = candidate;
            gradient = candidateGradient;
            loss = candidateLoss;
            if (converged) {
                break;
            }
        }
        return unpack(x, loss, iteration);
    }

    private Fit unpack(double[] x, double loss, int iterations) {
        float[][] weights = new float[classes][dims];
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            int base = c * (dims + 1);
            for (int i = 0; i < dims; i++) {
                weights[c][i] = (float) x[base + i];
            }
            bias[c] = (float) x[base + dims];
        }
        return new Fit(weights, bias, loss, iterations);
    }

    /** Returns the objective at {@code x} and writes its gradient into {@code gradient}. */
    private double evaluate(double[] x, double l2, double[] gradient) {
        java.util.Arrays.fill(gradient, 0);
        double loss = 0;
        double[] logits = new double[classes];
        int stride = dims + 1;

        for (int row = 0; row < features.length; row++) {
            float[] f = features[row];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                int base = c * stride;
                double z = x[base + dims];
                for (int i = 0; i < dims; i++) {
                    z += x[base + i] * f[i];
                }
                logits[c] = z;
                max = Math.max(max, z);
            }

            double sum = 0;
            for (int c = 0; c < classes; c++) {
                logits[c] = Math.exp(logits[c] - max);
                sum += logits[c];
            }
            double w = sampleWeights[row] / weightTotal;
            loss -= w * Math.log(Math.max(logits[targets[row]] / sum, 1e-300));

            for (int c = 0; c < classes; c++) {
                double residual = w * (logits[c] / sum - (c == targets[row] ? 1 : 0));
                int base = c * stride;
                for (int i = 0; i < dims; i++) {
                    gradient[base + i] += residual * f[i];
                }
                gradient[base + dims] += residual;
            }
        }

        for (int c = 0; c < classes; c++) {
            int base = c * stride;
            for (int i = 0; i < dims; i++) {
                loss += 0.5 * l2 * x[base + i] * x[base + i];
                gradient[base + i] += l2 * x[base + i];
            }
        }
        return loss;
    }

    /** Returns the L-BFGS search direction {@code -H g} from the stored curvature pairs. */
    private static double[] twoLoop(double[] gradient, Deque<double[][]> history) {
        double[] q = gradient.clone();
        int m = history.size();
        double[] alpha = new double[m];
        double[] rho = new double[m];

        int k = m - 1;
        for (Iterator<double[][]> it = history.descendingIterator(); it.hasNext(); k--) {
            double[][] pair = it.next();
            rho[k] = 1.0 / dot(pair[1], pair[0]);
            alpha[k] = rho[k] * dot(pair[0], q);
            axpy(-alpha[k], pair[1], q);
        }

        if (m > 0) {
            double[][] last = history.peekLast();
            double gamma = dot(last[0], last[1]) / dot(last[1], last[1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }

        k = 0;
        for (double[][] pair : history) {
            double beta = rho[k] * dot(pair[1], q);
            axpy(alpha[k] - beta, pair[0], q);
            k++;
        }
        return negate(q);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}
