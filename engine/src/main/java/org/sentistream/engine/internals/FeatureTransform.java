package org.sentistream.engine.internals;

/** Turns a pooled embedding into head features: L2 normalization, then per-dimension standardization. */
public final class FeatureTransform {

    /** Lower bound on a dimension's standard deviation, so a constant dimension maps to 0. */
    public static final float MIN_STD = 1e-6f;

    private FeatureTransform() {
    }

    /** Returns a copy of {@code pooled} scaled to unit L2 norm; a zero vector stays zero. */
    public static float[] normalize(float[] pooled) {
        double squares = 0;
        for (float v : pooled) {
            squares += (double) v * v;
        }
        double norm = Math.sqrt(squares);
        float[] out = new float[pooled.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < pooled.length; i++) {
            out[i] = (float) (pooled[i] / norm);
        }
        return out;
    }

    /** Standardizes {@code normalized} in place with the training mean and standard deviation. */
    public static float[] standardize(float[] normalized, float[] mean, float[] std) {
        for (int i = 0; i < normalized.length; i++) {
            normalized[i] = (normalized[i] - mean[i]) / Math.max(std[i], MIN_STD);
        }
        return normalized;
    }
}
