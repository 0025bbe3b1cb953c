package org.sentistream.engine.training;

import java.nio.file.Path;
import java.util.Objects;
import org.sentistream.engine.quicksilver.QuickSilverConfig;

/**
 * Settings of one head training run.
 *
 * @param data labelled JSONL training file
 * @param validation labelled JSONL file that picks the L2 penalty; null to hold out
 *     {@code holdoutFraction} of the training rows instead
 * @param test labelled JSONL file scored once after training and recorded in the head; null for none.
 *     It never influences the fit.
 * @param encoder encoder name
 * @param labels 3 for negative/neutral/positive, 2 for negative/positive (neutral rows are dropped),
 *     null to take 2 when the data has no neutral row and 3 otherwise
 * @param name head name recorded in the file, for example {@code tweet3}
 * @param out head JSON file to write
 * @param l2 L2 penalty; null to pick the best of {@link HeadTrainer#L2_GRID} on the validation rows
 * @param prefix text prefix for the encoder; null for the encoder's recommended one
 * @param balanced weigh classes inversely to their frequency, which favours macro recall
 * @param limit read at most this many training rows, 0 for all
 * @param sample train on this many rows drawn at random (fixed seed) from the rows read, 0 for all.
 *     Unlike {@code limit}, a sample keeps the mix of a file sorted by source or date.
 * @param holdoutFraction share of training rows held out when {@code validation} is null
 * @param cacheDirectory directory of the embedding cache
 * @param intraOpThreads ONNX Runtime threads
 * @param batchSize texts per ONNX Runtime call
 * @param maxTokens window in tokens
 * @param command command line recorded in the head metadata
 * @param quickSilver settings of the QuickSilver engine whose pooled output the head is trained
 *     on, so it reads the states that preset produces; null for the dense fp32 encoder
 */
public record TrainingOptions(
        Path data,
        Path validation,
        Path test,
        String encoder,
        Integer labels,
        String name,
        Path out,
        Double l2,
        String prefix,
        boolean balanced,
        int limit,
        int sample,
        double holdoutFraction,
        Path cacheDirectory,
        int intraOpThreads,
        int batchSize,
        int maxTokens,
        String command,
        QuickSilverConfig quickSilver) {

    /** Returns the engine the embeddings come from, as in {@code dense-fp32} or {@code quicksilver-balanced}. */
    public String engineId() {
        return quickSilver == null ? "dense-fp32" : "quicksilver-" + quickSilver.preset();
    }

    public TrainingOptions {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        if (labels != null && labels != 2 && labels != 3) {
            throw new IllegalArgumentException("labels must be 2 or 3, was " + labels);
        }
        if (sample < 0) {
            throw new IllegalArgumentException("sample must be 0 or more, was " + sample);
        }
        if (holdoutFraction <= 0 || holdoutFraction >= 1) {
            throw new IllegalArgumentException("holdoutFraction must be in (0, 1), was " + holdoutFraction);
        }
    }
}
