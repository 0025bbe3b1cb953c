package org.sentistream.cli.calibrate;

import org.sentistream.engine.eval.Metrics;

/**
 * Metric a sweep ranks settings by: macro recall on 3-class data (the SemEval-2017 Task 4A metric),
 * accuracy on 2-class data such as SST-2. These are the metrics the presets' accuracy bounds are stated in.
 */
public enum SweepMetric {

    MACRO_RECALL("macro_recall", "macro recall"),
    ACCURACY("accuracy", "accuracy");

    private final String key;
    private final String title;

    SweepMetric(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** Returns the metric for the label set {@code metrics} was scored on: accuracy for 2 labels, macro recall for 3. */
    public static SweepMetric of(Metrics metrics) {
        return metrics.labels().size() == 3 ? MACRO_RECALL : ACCURACY;
    }

    /** Returns this metric's value in {@code metrics}, a fraction in 0..1. */
    public double value(Metrics metrics) {
        return this == MACRO_RECALL ? metrics.macroRecall() : metrics.accuracy();
    }

    /** Returns the JSON and CSV name, such as {@code macro_recall}. */
    public String key() {
        return key;
    }

    /** Returns the name for tables and plots, such as {@code macro recall}. */
    public String title() {
        return title;
    }
}
