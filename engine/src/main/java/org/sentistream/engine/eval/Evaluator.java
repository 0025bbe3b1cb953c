package org.sentistream.engine.eval;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.sentistream.engine.ComputeStats;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.Sentiment;
import org.sentistream.engine.SentimentClassifier;

/**
 * Classifies a labelled data set in batches and scores the predictions. A binary data set (no
 * neutral row) is scored on negative and positive, with a neutral prediction counted as the more
 * probable of the two.
 */
public final class Evaluator {

    private final SentimentClassifier classifier;
    private final int batchSize;

    /**
     * @param classifier classifier under test; the caller closes it
     * @param batchSize texts per {@code classify} call
     */
    public Evaluator(SentimentClassifier classifier, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.classifier = classifier;
        this.batchSize = batchSize;
    }

    /**
     * Classifies every row and scores the predictions.
     *
     * @param progress called with the number of texts done after every batch
     */
    public EvaluationResult evaluate(List<LabelledText> rows, LongConsumer progress) {
        ConfusionMatrix confusion = new ConfusionMatrix(LabelledData.scoredLabels(rows));
        long nanos = 0;
        long truncated = 0;
        double flops = 0;
        double denseFlops = 0;
        double int8Updates = 0;
        double updates = 0;
        Set<Sentiment> goldLabels = EnumSet.noneOf(Sentiment.class);
        Set<Sentiment> predictable = EnumSet.noneOf(Sentiment.class);

        for (int start = 0; start < rows.size(); start += batchSize) {
            List<LabelledText> batch = rows.subList(start, Math.min(rows.size(), start + batchSize));
            List<String> texts = new ArrayList<>(batch.size());
            for (LabelledText row : batch) {
                texts.add(row.text());
            }

            long begin = System.nanoTime();
            List<Prediction> predictions = classifier.classify(texts);
            nanos += System.nanoTime() - begin;

            for (int i = 0; i < batch.size(); i++) {
                Prediction prediction = predictions.get(i);
                confusion.add(batch.get(i).label(), prediction.probabilities());
                goldLabels.add(batch.get(i).label());
                for (Sentiment label : Sentiment.values()) {
                    if (prediction.probability(label) > 0) {
                        predictable.add(label);
                    }
                }
                ComputeStats stats = prediction.stats();
                flops += stats.flops();
                denseFlops += stats.denseFlops();
                updates += stats.tokenLayerUpdates();
                int8Updates += stats.int8Fraction() * stats.tokenLayerUpdates();
                if (prediction.truncated()) {
                    truncated++;
                }
            }
            progress.accept(start + batch.size());
        }

        double seconds = nanos / 1e9;
        goldLabels.removeAll(predictable);
        return new EvaluationResult(
                confusion.metrics(),
                seconds,
                seconds == 0 ? 0 : rows.size() / seconds,
                truncated,
                denseFlops == 0 ? 1.0 : flops / denseFlops,
                updates == 0 ? 0.0 : int8Updates / updates,
                List.copyOf(goldLabels));
    }
}
