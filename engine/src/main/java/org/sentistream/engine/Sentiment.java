package org.sentistream.engine;

import java.util.Locale;

/** Sentiment classes, in the order of the probability vector of a {@link Prediction}. */
public enum Sentiment {
    NEGATIVE,
    NEUTRAL,
    POSITIVE;

    /**
     * Returns the class with the highest probability; on a tie, the one with the lower ordinal.
     *
     * @param probabilities class probabilities indexed by {@link #ordinal()}
     */
    public static Sentiment mostProbable(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return values()[best];
    }

    /** Returns the label string used in the labelled data sets: {@code negative}, {@code neutral} or {@code positive}. */
    public String dataLabel() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a label string of the labelled data sets.
     *
     * @throws IllegalArgumentException if the label is not negative, neutral or positive
     */
    public static Sentiment fromDataLabel(String label) {
        switch (label.trim().toLowerCase(Locale.ROOT)) {
            case "negative":
                return NEGATIVE;
            case "neutral":
                return NEUTRAL;
            case "positive":
                return POSITIVE;
            default:
                throw new IllegalArgumentException("Invalid sentiment label '" + label
                        + "': expected one of [negative, neutral, positive]");
        }
    }
}
