package org.sentistream.engine.quicksilver.internals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.sentistream.engine.ComputeStats;
import org.sentistream.engine.internals.FlopsEstimate;
import org.sentistream.engine.internals.TokenizedText;

/**
 * Splits texts into length-sorted batches, runs each through the layer-wise encoder under a
 * mechanism plan, and returns every text's pooled embedding and its work. Not thread-safe.
 */
public final class QuickSilverRunner {

    /**
     * Pooled embedding and work of one text.
     *
     * @param pooled mean-pooled final states, {@code [hiddenSize]}
     * @param stats work the encoder did for the text
     */
    public record EncodedText(float[] pooled, ComputeStats stats) {
    }

    private final LayerwiseEncoder encoder;

    public QuickSilverRunner(LayerwiseEncoder encoder) {
        this.encoder = encoder;
    }

    public LayerwiseEncoder encoder() {
        return encoder;
    }

    /** Returns this runner bound to {@code plan}; closing it closes the layer-wise encoder. */
    public PooledEncoder withPlan(MechanismPlan plan) {
        return new PooledEncoder() {
            @Override
            public List<EncodedText> encode(List<TokenizedText> texts, int maxBatchSize) {
                return QuickSilverRunner.this.encode(texts, maxBatchSize, plan);
            }

            @Override
            public int layers() {
                return encoder.layers();
            }

            @Override
            public void close() {
                encoder.close();
            }
        };
    }

    /** Encodes {@code texts} in input order, {@code maxBatchSize} texts per batch. */
    public List<EncodedText> encode(List<TokenizedText> texts, int maxBatchSize, MechanismPlan plan) {
        return encode(texts, maxBatchSize, plan, null);
    }

    List<EncodedText> encode(List<TokenizedText> texts, int maxBatchSize, MechanismPlan plan, LayerObserver observer) {
        EncodedText[] results = new EncodedText[texts.size()];
        int[] order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
                .mapToInt(Integer::intValue)
                .toArray();

        for (int start = 0; start < order.length; start += maxBatchSize) {
            int[] batch = Arrays.copyOfRange(order, start, Math.min(order.length, start + maxBatchSize));
            List<long[]> ids = new ArrayList<>(batch.length);
            for (int index : batch) {
                ids.add(texts.get(index).inputIds());
            }
            BatchState state = encoder.encode(ids, plan, observer);
            for (int i = 0; i < batch.length; i++) {
                results[batch[i]] = new EncodedText(Pooling.pool(state, i, plan.poolHalted), stats(state, i));
            }
        }
        return Arrays.asList(results);
    }

    private ComputeStats stats(BatchState state, int text) {
        BatchState.TextAccount account = state.accounts[text];
        int layers = encoder.layers();
        long denseUpdates = (long) layers * account.tokens;
        long denseFlops = FlopsEstimate.dense(layers, encoder.hiddenSize(), account.tokens);
        float int8Fraction = account.updates == 0 ? 0f : (float) account.int8Updates / account.updates;
        return new ComputeStats(layers, account.updates, denseUpdates, account.haltedTokens, account.fusedTokens,
                account.skippedKeys, int8Fraction, account.flops, denseFlops);
    }
}
