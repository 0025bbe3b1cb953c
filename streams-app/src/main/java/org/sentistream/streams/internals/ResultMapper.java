package org.sentistream.streams.internals;

import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.Sentiment;
import org.sentistream.schemas.ComputeStats;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;

/** Builds the Avro result of one prediction. The result never carries the input text. */
public final class ResultMapper {

    private ResultMapper() {
    }

    public static SentimentResult toResult(PendingInput input, Prediction prediction, ModelInfo model,
            long processingTimeMs) {
        return SentimentResult.newBuilder()
                .setInputId(input.id())
                .setInputKind(input.kind())
                .setSource(input.source())
                .setLabel(SentimentLabel.valueOf(prediction.label().name()))
                .setProbNegative(prediction.probability(Sentiment.NEGATIVE))
                .setProbNeutral(prediction.probability(Sentiment.NEUTRAL))
                .setProbPositive(prediction.probability(Sentiment.POSITIVE))
                .setModelId(model.modelId())
                .setModelVersion(model.modelVersion())
                .setEngine(model.engine())
                .setTokenCount(prediction.tokenCount())
                .setTruncated(prediction.truncated())
                .setStats(stats(prediction.stats()))
                .setEventTime(input.eventTime())
                // The record timestamp is the extractor's capped createdAt, so a later createdAt was capped.
                .setEventTimeCapped(input.eventTime() > input.origin().timestamp())
                .setProcessingTime(processingTimeMs)
                .setProduct(input.product())
                .setLanguage(input.language())
                .build();
    }

    private static ComputeStats stats(org.sentistream.engine.ComputeStats stats) {
        if (stats == null) {
            return null;
        }
        return ComputeStats.newBuilder()
                .setLayers(stats.layers())
                .setTokenLayerUpdates(stats.tokenLayerUpdates())
                .setDenseTokenLayerUpdates(stats.denseTokenLayerUpdates())
                .setHaltedTokens(stats.haltedTokens())
                .setFusedTokens(stats.fusedTokens())
                .setSkippedKeys(stats.skippedKeys())
                .setInt8Fraction(stats.int8Fraction())
                .setFlops(stats.flops())
                .setDenseFlops(stats.denseFlops())
                .build();
    }
}
