package org.sentistream.engine;

import java.util.Objects;

/**
 * Settings of a classifier engine. The streams application and the commands build it from their
 * own configuration keys, so this type carries no parsing.
 *
 * @param encoder encoder name: {@code e5-small-v2} (the default) or {@code all-minilm-l6-v2}
 * @param head head to load: null for the encoder's default head, a name of a bundled head, or a file path
 * @param intraOpThreads ONNX Runtime intra-op threads
 * @param maxTokens maximum tokens per text, special tokens included; longer texts are truncated
 * @param maxBatchSize texts per ONNX Runtime call; larger inputs are split
 */
public record EngineConfig(String encoder, String head, int intraOpThreads, int maxTokens, int maxBatchSize) {

    public static final String DEFAULT_ENCODER = "e5-small-v2";

    /** Largest window in tokens: both bundled encoders have 512 position embeddings. */
    public static final int MAX_TOKENS = 512;

    public EngineConfig {
        Objects.requireNonNull(encoder, "encoder");
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("The number of intra-op threads must be at least 1, was " + intraOpThreads);
        }
        if (maxTokens < 8 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("The maximum tokens per text must be between 8 and " + MAX_TOKENS
                    + ", the encoders' position limit, was " + maxTokens);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("The maximum batch size must be at least 1, was " + maxBatchSize);
        }
    }

    /** Returns the defaults: e5-small-v2, its bundled head, 2 threads, 512 tokens, batches of 32. */
    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_ENCODER, null, 2, 512, 32);
    }
}
