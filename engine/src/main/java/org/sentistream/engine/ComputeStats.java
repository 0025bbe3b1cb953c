package org.sentistream.engine;

/**
 * Work the encoder did for one text. A dense engine computes every token at every layer, so its
 * halted, fused and skipped counts are 0 and {@code flops == denseFlops}.
 *
 * @param layers encoder layers in the model
 * @param tokenLayerUpdates token-layer updates computed
 * @param denseTokenLayerUpdates token-layer updates a dense run computes for the same text
 * @param haltedTokens tokens frozen before the last layer
 * @param fusedTokens tokens merged into a neighbour
 * @param skippedKeys tokens removed from the keys and values of later layers
 * @param int8Fraction share of token-layer updates computed in int8
 * @param flops estimated floating-point operations for this text, a multiply-add counting as 2
 * @param denseFlops the same estimate for a dense run on this text
 */
public record ComputeStats(
        int layers,
        long tokenLayerUpdates,
        long denseTokenLayerUpdates,
        int haltedTokens,
        int fusedTokens,
        int skippedKeys,
        float int8Fraction,
        long flops,
        long denseFlops) {

    /** Returns the statistics of a dense fp32 run over {@code tokens} tokens. */
    public static ComputeStats dense(int layers, int tokens, long flops) {
        return dense(layers, tokens, flops, 0f);
    }

    /** Returns the statistics of a dense run over {@code tokens} tokens with {@code int8Fraction} of the updates in int8. */
    public static ComputeStats dense(int layers, int tokens, long flops, float int8Fraction) {
        long updates = (long) layers * tokens;
        return new ComputeStats(layers, updates, updates, 0, 0, 0, int8Fraction, flops, flops);
    }
}
