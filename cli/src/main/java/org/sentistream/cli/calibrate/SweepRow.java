package org.sentistream.cli.calibrate;

/**
 * Measurements of one setting against the reference, the fp32 whole model on the same rows.
 * Fractions are in 0..1.
 *
 * @param setting the setting
 * @param metric the sweep's metric, macro recall or accuracy
 * @param loss reference metric minus {@code metric}; negative when the setting scored higher
 * @param changed share of rows whose predicted label differs from the reference's
 * @param flopsRatio estimated operations divided by those of a dense run
 * @param int8Fraction token-weighted share of token-layer updates computed in int8
 * @param textsPerSecond the setting's rate in its timed pass
 * @param referenceTextsPerSecond the reference's rate in the timed pass next to it
 */
public record SweepRow(SweepSetting setting, double metric, double loss, double changed, double flopsRatio,
        double int8Fraction, double textsPerSecond, double referenceTextsPerSecond) {

    /** Returns the setting's rate divided by the reference's rate of the same round. */
    public double speedRatio() {
        return textsPerSecond / referenceTextsPerSecond;
    }

    /** Returns the loss in percentage points. */
    public double lossPoints() {
        return loss * 100;
    }
}
