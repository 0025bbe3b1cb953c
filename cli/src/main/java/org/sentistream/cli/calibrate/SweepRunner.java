package org.sentistream.cli.calibrate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.eval.EvaluationResult;
import org.sentistream.engine.eval.Evaluator;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.quicksilver.QuickSilver;
import org.sentistream.engine.quicksilver.QuickSilverConfig;

/**
 * Evaluates each setting of a grid on the same labelled rows and times it: one warm-up call, then
 * a timed pass in classify calls of {@value #CALL_SIZE} texts. The reference is created once and
 * warmed up with a full pass. Every setting is one round, in which the reference is timed right
 * before the setting. So load from other processes hits both alike, and the speed ratio compares
 * rates measured side by side.
 */
public final class SweepRunner {

    /** Texts per classify call; the engine sorts them by length before cutting ORT batches. */
    static final int CALL_SIZE = 256;

    private final EngineConfig config;
    private final PrintStream progress;

    /**
     * @param config encoder, head, threads, window and ORT batch size of every engine
     * @param progress stream for one line per setting, such as standard error
     */
    public SweepRunner(EngineConfig config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * Runs the sweep.
     *
     * @param reference the fp32 whole model with the same head; the caller closes it
     * @param calibrationFile calibration that percentile thresholds are read from, unless a setting names its own
     * @throws IllegalArgumentException if a setting's engine cannot be created
     */
    public SweepResult run(SentimentClassifier reference, List<LabelledText> rows, List<SweepSetting> settings,
            String calibrationFile) {
        List<String> texts = rows.stream().map(LabelledText::text).toList();
        progress.printf(Locale.ROOT, "Sweep: warming up the reference %s%n", reference.info().engine());
        // One call left the whole model's first timed pass at about 60% of its later rate, which made the
        // first setting look faster than it is.
        for (int start = 0; start < texts.size(); start += CALL_SIZE) {
            reference.classify(texts.subList(start, Math.min(texts.size(), start + CALL_SIZE)));
        }

        List<SweepRow> results = new ArrayList<>();
        double[] referenceRates = new double[settings.size()];
        List<Prediction> referencePredictions = null;
        double referenceMetric = 0;
        SweepMetric metric = null;
        for (int i = 0; i < settings.size(); i++) {
            SweepSetting setting = settings.get(i);
            String step = String.format(Locale.ROOT, "Sweep %d/%d %s", i + 1, settings.size(), setting.label());
            progress.printf(Locale.ROOT, "%s: warming up%n", step);
            try (SentimentClassifier engine = create(setting, calibrationFile)) {
                warmUp(engine, texts);

                Pass referencePass = timedPass(reference, rows);
                referenceRates[i] = referencePass.result().textsPerSecond();
                if (referencePredictions == null) {
                    // The first round's reference pass fixes the metric and the labels every setting is compared with.
                    referencePredictions = referencePass.predictions();
                    metric = SweepMetric.of(referencePass.result().metrics());
                    referenceMetric = metric.value(referencePass.result().metrics());
                }
                Pass pass = timedPass(engine, rows);

                double value = metric.value(pass.result().metrics());
                SweepRow row = new SweepRow(setting, value, referenceMetric - value,
                        changedShare(pass.predictions(), referencePredictions), pass.result().flopsRatio(),
                        pass.result().int8Fraction(), pass.result().textsPerSecond(), referenceRates[i]);
                results.add(row);
                progress.printf(Locale.ROOT, "%s: %s %.4f (loss %+.2f points), FLOPs ratio %.3f, %.1f texts/s, "
                                + "%.2fx the reference (%.1f texts/s)%n", step, metric.title(), row.metric(),
                        row.lossPoints(), row.flopsRatio(), row.textsPerSecond(), row.speedRatio(),
                        row.referenceTextsPerSecond());
            }
        }
        return new SweepResult(metric, rows.size(), reference.info().engine(), referenceMetric, median(referenceRates),
                results);
    }

    private SentimentClassifier create(SweepSetting setting, String calibrationFile) {
        QuickSilverConfig settings = setting.configWithCalibration(calibrationFile);
        try {
            return QuickSilver.create(config, settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Failed to create QuickSilver for the setting of grid line " + setting.line()
                    + " (" + setting.label() + "): " + e.getMessage(), e);
        }
    }

    private static void warmUp(SentimentClassifier classifier, List<String> texts) {
        classifier.classify(texts.subList(0, Math.min(texts.size(), CALL_SIZE)));
    }

    private static Pass timedPass(SentimentClassifier classifier, List<LabelledText> rows) {
        RecordingClassifier recording = new RecordingClassifier(classifier);
        EvaluationResult result = new Evaluator(recording, CALL_SIZE).evaluate(rows, done -> { });
        return new Pass(result, recording.predictions());
    }

    private static double changedShare(List<Prediction> predictions, List<Prediction> reference) {
        long changed = 0;
        for (int i = 0; i < predictions.size(); i++) {
            if (predictions.get(i).label() != reference.get(i).label()) {
                changed++;
            }
        }
        return (double) changed / predictions.size();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Metrics and predictions of one timed pass. */
    private record Pass(EvaluationResult result, List<Prediction> predictions) {
    }
}
