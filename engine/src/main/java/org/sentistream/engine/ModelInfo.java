package org.sentistream.engine;

/**
 * Identity of the model behind a prediction.
 *
 * @param modelId encoder and head, for example {@code e5-small-v2/tweet3}
 * @param modelVersion version of the encoder artifact and of the head
 * @param engine engine and preset, for example {@code dense-fp32}
 * @param layers encoder layers
 * @param hiddenSize width of the hidden states
 * @param maxTokens model window in tokens, special tokens included
 */
public record ModelInfo(String modelId, String modelVersion, String engine, int layers, int hiddenSize, int maxTokens) {
}
