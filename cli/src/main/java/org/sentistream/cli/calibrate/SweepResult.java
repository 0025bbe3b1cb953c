package org.sentistream.cli.calibrate;

import java.util.List;

/**
 * Result of a sweep.
 *
 * @param metric metric the rows are scored on
 * @param texts rows classified per pass
 * @param referenceEngine engine id of the reference, such as {@code whole-fp32}
 * @param referenceMetric the reference's metric
 * @param referenceTextsPerSecond median of the reference's rates over all rounds
 * @param rows one row per setting, in grid order
 */
public record SweepResult(SweepMetric metric, int texts, String referenceEngine, double referenceMetric,
        double referenceTextsPerSecond, List<SweepRow> rows) {
}
