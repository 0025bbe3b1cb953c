package org.sentistream.engine.internals;

/**
 * Estimated floating-point operations of a BERT-style encoder on one text, counting a
 * multiply-add as 2. Per layer and T tokens of width H: the Q, K, V and output projections cost
 * 4TH² multiply-adds, the feed-forward block (H to 4H and back) 8TH², and the attention scores
 * and weighted sum 2T²H, so {@code layers * (24TH² + 4T²H)} operations. Embeddings, layer norms,
 * softmax and pooling are left out. T is the text's own token count, not the padded length.
 */
public final class FlopsEstimate {

    private FlopsEstimate() {
    }

    public static long dense(int layers, int hiddenSize, int tokens) {
        long t = tokens;
        long h = hiddenSize;
        return layers * (24L * t * h * h + 4L * t * t * h);
    }
}
