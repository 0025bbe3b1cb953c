package org.sentistream.engine.internals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.sentistream.engine.InferenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ONNX encoder and mean-pools its final hidden states. Thread-safe: an ORT session may be
 * run from several threads at once, and every call allocates its own tensors.
 */
public final class TransformerEncoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransformerEncoder.class);

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final EncoderModel model;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Set<String> inputNames;

    private TransformerEncoder(EncoderModel model, OrtEnvironment environment, OrtSession session) {
        this.model = model;
        this.environment = environment;
        this.session = session;
        this.inputNames = session.getInputNames();
    }

    /**
     * Loads the ONNX graph of {@code model} from the classpath and creates a session.
     *
     * @param intraOpThreads threads ORT uses inside one operator
     */
    public static TransformerEncoder load(EncoderModel model, int intraOpThreads) {
        byte[] graph = readResource(model.onnxResource(), model);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        NativeLibraries.removeExtractedCopies();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(graph, options);
            LOG.info("Loaded encoder {} ({} MB, inputs {}, {} intra-op threads)", model.id(),
                    graph.length / (1024 * 1024), session.getInputNames(), intraOpThreads);
            return new TransformerEncoder(model, environment, session);
        } catch (OrtException e) {
            throw new IllegalStateException("Failed to create an ONNX Runtime session for encoder " + model.id(), e);
        }
    }

    private static byte[] readResource(String resource, EncoderModel model) {
        try (InputStream in = TransformerEncoder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Model resource " + resource
                        + " is missing from the classpath: add the langchain4j embedding jar of " + model.id());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read model resource " + resource, e);
        }
    }

    public EncoderModel model() {
        return model;
    }

    /**
     * Returns the mean-pooled final hidden state of every text, in input order. Texts are sorted by
     * length and split into ORT calls of at most {@code maxBatchSize} texts, so each call pads only
     * to the longest text it contains.
     *
     * @return one {@code float[hiddenSize]} per text
     * @throws InferenceException if ORT fails on a call
     */
    public float[][] pool(List<TokenizedText> texts, int maxBatchSize) {
        float[][] pooled = new float[texts.size()][];
        int[] order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
                .mapToInt(Integer::intValue)
                .toArray();

        for (int start = 0; start < order.length; start += maxBatchSize) {
            int end = Math.min(order.length, start + maxBatchSize);
            int[] batch = java.util.Arrays.copyOfRange(order, start, end);
            float[][] batchPooled = runBatch(texts, batch);
            for (int i = 0; i < batch.length; i++) {
                pooled[batch[i]] = batchPooled[i];
            }
        }
        return pooled;
    }

    private float[][] runBatch(List<TokenizedText> texts, int[] batch) {
        int batchSize = batch.length;
        int seq = 0;
        for (int index : batch) {
            seq = Math.max(seq, texts.get(index).length());
        }

        // input_ids, attention_mask, token_type_ids: int64 [batch, seq], right-padded with 0.
        long[] ids = new long[batchSize * seq];
        long[] mask = new long[batchSize * seq];
        for (int row = 0; row < batchSize; row++) {
            long[] tokenIds = texts.get(batch[row]).inputIds();
            System.arraycopy(tokenIds, 0, ids, row * seq, tokenIds.length);
            java.util.Arrays.fill(mask, row * seq, row * seq + tokenIds.length, 1L);
        }
        long[] shape = {batchSize, seq};

        long startNanos = System.nanoTime();
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typeTensor = OnnxTensor.createTensor(environment,
                        LongBuffer.wrap(new long[batchSize * seq]), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put(INPUT_IDS, idsTensor);
            inputs.put(ATTENTION_MASK, maskTensor);
            if (inputNames.contains(TOKEN_TYPE_IDS)) {
                inputs.put(TOKEN_TYPE_IDS, typeTensor);
            }

            try (OrtSession.Result result = session.run(inputs, Set.of(LAST_HIDDEN_STATE))) {
                OnnxTensor hidden = (OnnxTensor) result.get(LAST_HIDDEN_STATE)
                        .orElseThrow(() -> new InferenceException("Encoder " + model.id()
                                + " returned no " + LAST_HIDDEN_STATE + " output"));
                float[][] pooled = meanPool(hidden.getFloatBuffer(), mask, batchSize, seq);
                LOG.debug("Encoded batch of {} texts, {} tokens each after padding, in {} ms",
                        batchSize, seq, (System.nanoTime() - startNanos) / 1_000_000);
                return pooled;
            }
        } catch (OrtException e) {
            throw new InferenceException("Encoder " + model.id() + " failed on a batch of " + batchSize
                    + " texts of up to " + seq + " tokens", e);
        }
    }

    /** Averages the hidden states of the unmasked tokens of each row. */
    private float[][] meanPool(FloatBuffer hidden, long[] mask, int batchSize, int seq) {
        // hidden: float32 [batch, seq, hiddenSize], row-major.
        int width = model.hiddenSize();
        if (hidden.remaining() != batchSize * seq * width) {
            throw new InferenceException("Encoder " + model.id() + " returned " + hidden.remaining()
                    + " hidden-state values, expected " + batchSize + " x " + seq + " x " + width);
        }

        float[][] pooled = new float[batchSize][width];
        for (int row = 0; row < batchSize; row++) {
            float[] sum = pooled[row];
            int tokens = 0;
            for (int t = 0; t < seq; t++) {
                if (mask[row * seq + t] == 0) {
                    continue;
                }
                int base = (row * seq + t) * width;
                for (int h = 0; h < width; h++) {
                    sum[h] += hidden.get(base + h);
                }
                tokens++;
            }
            for (int h = 0; h < width; h++) {
                sum[h] /= tokens;
            }
        }
        return pooled;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Failed to close the ONNX Runtime session of encoder {}", model.id(), e);
        }
    }
}
