package org.sentistream.engine.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.sentistream.engine.Sentiment;
import org.sentistream.engine.eval.ConfusionMatrix;
import org.sentistream.engine.eval.LabelledData;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.eval.Metrics;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.internals.FeatureTransform;
import org.sentistream.engine.internals.HeadDefinition;
import org.sentistream.engine.internals.HeadFiles;
import org.sentistream.engine.internals.SoftmaxHead;
import org.sentistream.engine.internals.SoftmaxRegression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a softmax-regression head on the frozen encoder's pooled embeddings and writes the head
 * JSON. Embeddings are cached on disk, so a rerun with other penalties or class weights skips the
 * encoder.
 */
public final class HeadTrainer {

    /** Below this many validation rows, one row moves macro recall by 0.5 pt or more, too much to pick an L2 penalty. */
    private static final int MIN_SELECTION_ROWS = 200;

    /** L2 penalties tried when none is given; the validation rows pick one. */
    public static final List<Double> L2_GRID = List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0);

    private static final Logger LOG = LoggerFactory.getLogger(HeadTrainer.class);
    private static final long HOLDOUT_SEED = 42;

    private HeadTrainer() {
    }

    /** Trains, validates and writes a head. */
    public static TrainingResult train(TrainingOptions options) throws IOException {
        EncoderModel model = EncoderModel.byId(options.encoder());
        String prefix = options.prefix() != null ? options.prefix() : model.recommendedPrefix();

        List<LabelledText> allRows = sample(LabelledData.read(options.data(), options.limit()), options.sample());
        if (allRows.isEmpty()) {
            throw new IllegalArgumentException("Training data " + options.data() + " has no rows");
        }
        List<Sentiment> labels = labelSet(options.labels(), allRows, options.data());

        try (DatasetEmbedder embedder = new DatasetEmbedder(model, prefix, options)) {
            List<Example> examples = keep(join(allRows, embedder.embed(options.data(), allRows, cacheKey(options))), labels);

            List<Example> training;
            List<Example> validation;
            String validationSource;
            if (options.validation() != null) {
                List<LabelledText> rows = LabelledData.read(options.validation(), 0);
                training = examples;
                validation = keep(join(rows, embedder.embed(options.validation(), rows, "0")), labels);
                validationSource = displayName(options.validation());
            } else {
                List<Example> shuffled = new ArrayList<>(examples);
                Collections.shuffle(shuffled, new Random(HOLDOUT_SEED));
                int held = (int) Math.round(shuffled.size() * options.holdoutFraction());
                validation = shuffled.subList(0, held);
                training = shuffled.subList(held, shuffled.size());
                validationSource = Math.round(options.holdoutFraction() * 100) + "% of the training rows held out (seed "
                        + HOLDOUT_SEED + ")";
            }
            LOG.info("Training a {}-class head on {} rows, validating on {} rows", labels.size(), training.size(), validation.size());

            Standardizer standardizer = Standardizer.fit(training);
            SoftmaxRegression regression = new SoftmaxRegression(
                    standardizer.features(training), targets(training, labels), sampleWeights(training, labels, options.balanced()),
                    labels.size());

            List<Double> grid = options.l2() != null ? List.of(options.l2()) : L2_GRID;
            if (grid.size() > 1 && validation.size() < MIN_SELECTION_ROWS) {
                LOG.warn("Choosing the L2 penalty on only {} validation rows, so the choice is mostly noise; give more "
                        + "labelled rows, a --validation file, or fix the penalty with --l2", validation.size());
            }
            Map<String, Object> gridScores = new LinkedHashMap<>();
            HeadDefinition best = null;
            Metrics bestMetrics = null;
            double bestL2 = Double.NaN;
            for (double l2 : grid) {
                SoftmaxRegression.Fit fit = regression.fit(l2);
                HeadDefinition candidate = new HeadDefinition(HeadDefinition.FORMAT, model.id(), options.name(),
                        labels.stream().map(Sentiment::dataLabel).collect(Collectors.toList()), prefix,
                        LocalDate.now(ZoneOffset.UTC).toString(), standardizer.mean(), standardizer.std(),
                        fit.weights(), fit.bias(), null);
                Metrics metrics = score(candidate, validation, model);
                double selection = selectionScore(metrics, labels);
                gridScores.put(Double.toString(l2), Metrics.round4(selection));
                LOG.info("L2 {}: loss {} after {} iterations, validation accuracy {}, macro recall {}",
                        l2, String.format("%.4f", fit.loss()), fit.iterations(),
                        String.format("%.4f", metrics.accuracy()), String.format("%.4f", metrics.macroRecall()));
                // Ties go to the larger penalty, the simpler model.
                if (bestMetrics == null || selection >= selectionScore(bestMetrics, labels)) {
                    best = candidate;
                    bestMetrics = metrics;
                    bestL2 = l2;
                }
            }

            Metrics testMetrics = null;
            if (options.test() != null) {
                List<LabelledText> rows = LabelledData.read(options.test(), 0);
                testMetrics = score(best, join(rows, embedder.embed(options.test(), rows, "0")), model);
            }

            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("data", displayName(options.data()));
            metadata.put("rows", training.size());
            metadata.put("validation", validationSource);
            metadata.put("validation_rows", validation.size());
            metadata.put("command", options.command());
            metadata.put("engine", options.engineId());
            if (options.quickSilver() != null) {
                metadata.put("quicksilver", options.quickSilver().toProperties());
            }
            metadata.put("l2", bestL2);
            metadata.put("l2_selection", labels.size() == 3 ? "validation macro recall" : "validation accuracy");
            metadata.put("l2_scores", gridScores);
            metadata.put("class_weight", options.balanced() ? "balanced" : "none");
            metadata.put("max_tokens", options.maxTokens());
            metadata.put("validation_metrics", bestMetrics.toMap());
            if (testMetrics != null) {
                metadata.put("test", displayName(options.test()));
                metadata.put("test_metrics", testMetrics.toMap());
            }

            HeadDefinition head = new HeadDefinition(best.format(), best.encoder(), best.name(), best.labels(), best.prefix(),
                    best.created(), best.mean(), best.std(), best.weights(), best.bias(), metadata);
            HeadFiles.write(head, options.out());
            LOG.info("Wrote head {} (L2 {}) to {}", options.name(), bestL2, options.out());
            return new TrainingResult(head, options.out(), bestL2, bestMetrics, testMetrics);
        }
    }

    /** Returns {@code size} rows drawn without replacement, in file order, or all rows when size is 0. */
    private static List<LabelledText> sample(List<LabelledText> rows, int size) {
        if (size == 0 || size >= rows.size()) {
            return rows;
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(HOLDOUT_SEED));
        List<Integer> kept = new ArrayList<>(indices.subList(0, size));
        Collections.sort(kept);
        List<LabelledText> sampled = new ArrayList<>(size);
        for (int index : kept) {
            sampled.add(rows.get(index));
        }
        return sampled;
    }

    /** Returns the part of the cache key that identifies which rows of the data file were embedded. */
    private static String cacheKey(TrainingOptions options) {
        // A plain limit keeps its older key, so caches written before sampling existed still hit.
        return options.sample() == 0 ? Integer.toString(options.limit()) : options.limit() + "/" + options.sample();
    }

    private static List<Sentiment> labelSet(Integer requested, List<LabelledText> rows, Path data) {
        List<Sentiment> present = LabelledData.scoredLabels(rows);
        if (requested == null) {
            return present;
        }
        if (requested == 3 && present.size() != 3) {
            throw new IllegalArgumentException("Training data " + data + " has no neutral rows, so a 3-class head "
                    + "cannot be trained: use --labels 2");
        }
        return requested == 3 ? List.of(Sentiment.values()) : List.of(Sentiment.NEGATIVE, Sentiment.POSITIVE);
    }

    /** Returns the data file named by its folder and file name, without the machine-specific path. */
    static String displayName(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        return parent == null ? absolute.getFileName().toString() : parent.getFileName() + "/" + absolute.getFileName();
    }

    private static double selectionScore(Metrics metrics, List<Sentiment> labels) {
        return labels.size() == 3 ? metrics.macroRecall() : metrics.accuracy();
    }

    /** Scores a head on embedded rows, the same way the evaluator scores a classifier. */
    static Metrics score(HeadDefinition definition, List<Example> rows, EncoderModel model) {
        SoftmaxHead head = new SoftmaxHead(definition, model.hiddenSize());
        List<LabelledText> labelled = rows.stream().map(Example::row).collect(Collectors.toList());
        ConfusionMatrix confusion = new ConfusionMatrix(LabelledData.scoredLabels(labelled));
        for (Example example : rows) {
            confusion.add(example.row().label(), head.probabilities(example.pooled()));
        }
        return confusion.metrics();
    }

    private static List<Example> join(List<LabelledText> rows, float[][] pooled) {
        List<Example> examples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            examples.add(new Example(rows.get(i), pooled[i]));
        }
        return examples;
    }

    private static List<Example> keep(List<Example> examples, List<Sentiment> labels) {
        return examples.stream().filter(e -> labels.contains(e.row().label())).collect(Collectors.toList());
    }

    private static int[] targets(List<Example> rows, List<Sentiment> labels) {
        int[] targets = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            targets[i] = labels.indexOf(rows.get(i).row().label());
        }
        return targets;
    }

    private static double[] sampleWeights(List<Example> rows, List<Sentiment> labels, boolean balanced) {
        int[] targets = targets(rows, labels);
        long[] counts = new long[labels.size()];
        for (int t : targets) {
            counts[t]++;
        }
        double[] weights = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            weights[i] = balanced ? (double) rows.size() / (labels.size() * counts[targets[i]]) : 1.0;
        }
        return weights;
    }

    /** One training row with its pooled embedding. */
    record Example(LabelledText row, float[] pooled) {
    }

    /** Per-dimension mean and standard deviation of the L2-normalized training embeddings. */
    record Standardizer(float[] mean, float[] std) {

        static Standardizer fit(List<Example> rows) {
            int d = rows.get(0).pooled().length;
            double[] sum = new double[d];
            double[] squares = new double[d];
            for (Example row : rows) {
                float[] x = FeatureTransform.normalize(row.pooled());
                for (int i = 0; i < d; i++) {
                    sum[i] += x[i];
                    squares[i] += (double) x[i] * x[i];
                }
            }
            float[] mean = new float[d];
            float[] std = new float[d];
            int n = rows.size();
            for (int i = 0; i < d; i++) {
                double m = sum[i] / n;
                mean[i] = (float) m;
                std[i] = (float) Math.sqrt(Math.max(squares[i] / n - m * m, 0));
            }
            return new Standardizer(mean, std);
        }

        float[][] features(List<Example> rows) {
            float[][] features = new float[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                features[i] = FeatureTransform.standardize(FeatureTransform.normalize(rows.get(i).pooled()), mean, std);
            }
            return features;
        }
    }
}
