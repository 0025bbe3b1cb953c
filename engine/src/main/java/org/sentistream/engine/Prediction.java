package org.sentistream.engine;

/**
 * Sentiment of one text.
 *
 * @param label the most probable class
 * @param probabilities class probabilities indexed by {@link Sentiment#ordinal()}; they sum to 1
 * @param tokenCount tokens the encoder saw, special tokens included
 * @param truncated true when the text was longer than the model window and its tokens were cut
 * @param stats work the encoder did for this text
 */
public record Prediction(Sentiment label, float[] probabilities, int tokenCount, boolean truncated, ComputeStats stats) {

    public float probability(Sentiment sentiment) {
        return probabilities[sentiment.ordinal()];
    }
}
