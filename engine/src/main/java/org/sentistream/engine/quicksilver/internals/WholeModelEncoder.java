package org.sentistream.engine.quicksilver.internals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.sentistream.engine.ComputeStats;
import org.sentistream.engine.InferenceException;
import org.sentistream.engine.internals.FlopsEstimate;
import org.sentistream.engine.internals.TokenizedText;

/**
 * Runs an encoder's ONNX export whole, fp32 or int8, on length-sorted padded batches and
 * mean-pools the last hidden state. It is the reference for the layer-wise runner and the
 * baseline of the benchmark; the session uses the shared thread pool when there is one.
 */
public final class WholeModelEncoder implements AutoCloseable {

    private final String resource;
    private final OrtEnvironment environment;
    private final OrtSession session;

    private WholeModelEncoder(String resource, OrtEnvironment environment, OrtSession session) {
        this.resource = resource;
        this.environment = environment;
        this.session = session;
    }

    /** Loads the ONNX model at classpath {@code resource}. */
    public static WholeModelEncoder load(String resource, int threads) {
        byte[] model;
        try (InputStream in = WholeModelEncoder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Model resource " + resource + " is missing from the classpath");
            }
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read ONNX model " + resource, e);
        }
        OrtEnvironment environment = SharedRuntime.environment(threads);
        try (OrtSession.SessionOptions options = SharedRuntime.sessionOptions(threads)) {
            return new WholeModelEncoder(resource, environment, environment.createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalStateException("Failed to create an ONNX Runtime session for " + resource, e);
        }
    }

    /** Returns the mean-pooled last hidden state of every text, in input order. */
    public float[][] pool(List<TokenizedText> texts, int maxBatchSize) {
        float[][] pooled = new float[texts.size()][];
        int[] order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
                .mapToInt(Integer::intValue)
                .toArray();
        for (int start = 0; start < order.length; start += maxBatchSize) {
            int[] batch = Arrays.copyOfRange(order, start, Math.min(order.length, start + maxBatchSize));
            float[][] batchPooled = runBatch(texts, batch);
            for (int i = 0; i < batch.length; i++) {
                pooled[batch[i]] = batchPooled[i];
            }
        }
        return pooled;
    }

    private float[][] runBatch(List<TokenizedText> texts, int[] batch) {
        int b = batch.length;
        int seq = 0;
        for (int index : batch) {
            seq = Math.max(seq, texts.get(index).length());
        }

        // input_ids, attention_mask, token_type_ids: int64 [batch, seq], right-padded with 0.
        long[] ids = new long[b * seq];
        long[] mask = new long[b * seq];
        for (int row = 0; row < b; row++) {
            long[] tokenIds = texts.get(batch[row]).inputIds();
            System.arraycopy(tokenIds, 0, ids, row * seq, tokenIds.length);
            Arrays.fill(mask, row * seq, row * seq + tokenIds.length, 1L);
        }
        long[] shape = {b, seq};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[b * seq]), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idsTensor);
            inputs.put("attention_mask", maskTensor);
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                // last_hidden_state: float [batch, seq, hidden].
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] hiddenShape = hidden.getInfo().getShape();
                int width = (int) hiddenShape[2];
                FloatBuffer values = hidden.getFloatBuffer();
                float[][] pooled = new float[b][width];
                for (int row = 0; row < b; row++) {
                    int tokens = texts.get(batch[row]).length();
                    for (int t = 0; t < tokens; t++) {
                        int base = (row * seq + t) * width;
                        for (int k = 0; k < width; k++) {
                            pooled[row][k] += values.get(base + k);
                        }
                    }
                    for (int k = 0; k < width; k++) {
                        pooled[row][k] /= tokens;
                    }
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw new InferenceException("Model " + resource + " failed on a batch of " + b + " texts of up to " + seq
                    + " tokens", e);
        }
    }

    /**
     * Returns this encoder as a {@link PooledEncoder} that reports dense work for {@code layers}
     * layers of width {@code hiddenSize}, all of it in int8 when {@code int8} is set, as in the int8
     * export, whose matrix products all run in int8.
     */
    public PooledEncoder asPooledEncoder(int layers, int hiddenSize, boolean int8) {
        return new PooledEncoder() {
            @Override
            public List<QuickSilverRunner.EncodedText> encode(List<TokenizedText> texts, int maxBatchSize) {
                float[][] pooled = pool(texts, maxBatchSize);
                List<QuickSilverRunner.EncodedText> encoded = new java.util.ArrayList<>(texts.size());
                for (int i = 0; i < texts.size(); i++) {
                    int tokens = texts.get(i).length();
                    long flops = FlopsEstimate.dense(layers, hiddenSize, tokens);
                    encoded.add(new QuickSilverRunner.EncodedText(pooled[i],
                            ComputeStats.dense(layers, tokens, flops, int8 ? 1f : 0f)));
                }
                return encoded;
            }

            @Override
            public int layers() {
                return layers;
            }

            @Override
            public void close() {
                WholeModelEncoder.this.close();
            }
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Failed to close the session of " + resource, e);
        }
    }
}
