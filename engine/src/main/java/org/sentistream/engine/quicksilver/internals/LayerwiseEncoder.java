package org.sentistream.engine.quicksilver.internals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sentistream.engine.InferenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a BERT-style encoder one layer at a time through graphs built from its own weights, on
 * the tokens of all texts of a batch packed together, and applies the QuickSilver mechanisms
 * between layers. Not thread-safe: one batch at a time, because the buffers are reused.
 */
public final class LayerwiseEncoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LayerwiseEncoder.class);

    /** Additive score of a padding key; exp of it is 0 in float. */
    static final float PADDING_BIAS = -1e9f;

    private final String encoderId;
    private final EncoderWeights weights;
    private final OrtEnvironment environment;
    private final int threads;
    private final boolean fusedNorm;
    /** int8 smoothing scales, or null for none. */
    private final Smoothing smoothing;
    /** Built on first use: plans whose layers start with a prefix graph never run it. */
    private OrtSession embeddings;
    private final List<Map<Precision, OrtSession>> layers;
    private final Workspace workspace = new Workspace();
    private final Map<String, OrtSession> prefixes = new HashMap<>();
    private boolean prefixGraphs = true;

    private LayerwiseEncoder(String encoderId, EncoderWeights weights, OrtEnvironment environment, int threads,
            boolean fusedNorm, Smoothing smoothing, List<Map<Precision, OrtSession>> layers) {
        this.encoderId = encoderId;
        this.threads = threads;
        this.fusedNorm = fusedNorm;
        this.smoothing = smoothing;
        this.weights = weights;
        this.environment = environment;
        this.layers = layers;
    }

    /**
     * Reads the ONNX model at classpath {@code resource} and creates one session per layer and
     * precision.
     *
     * @param int8 true to also build the int8 and mixed-precision layer graphs
     * @param threads intra-op threads of the shared pool, or of each session when no pool is shared
     */
    public static LayerwiseEncoder load(String encoderId, String resource, boolean int8, int threads) {
        return load(encoderId, resource, int8 ? EnumSet.allOf(Precision.class) : EnumSet.of(Precision.FP32), false,
                threads);
    }

    /**
     * Reads the ONNX model at classpath {@code resource} and creates one session per layer for each
     * of {@code precisions}; fp32 is always built.
     *
     * @param fusedNorm true to build the layer norms as ONNX Runtime's SkipLayerNormalization
     * @param threads intra-op threads of the shared pool, or of each session when no pool is shared
     */
    static LayerwiseEncoder load(String encoderId, String resource, Set<Precision> precisions, boolean fusedNorm,
            int threads) {
        return load(encoderId, resource, precisions, fusedNorm, null, 0, threads);
    }

    /**
     * Reads the ONNX model at classpath {@code resource} and creates one session per layer for each
     * of {@code precisions}; fp32 is always built.
     *
     * @param fusedNorm true to build the layer norms as ONNX Runtime's SkipLayerNormalization
     * @param calibration channel maxima of the projection inputs, needed when {@code alpha} is above 0
     * @param alpha int8 smoothing strength (see {@link Smoothing}), or 0 for none
     * @param threads intra-op threads of the shared pool, or of each session when no pool is shared
     */
    static LayerwiseEncoder load(String encoderId, String resource, Set<Precision> precisions, boolean fusedNorm,
            Calibration calibration, double alpha, int threads) {
        long start = System.nanoTime();
        EncoderWeights weights = EncoderWeights.fromResource(resource);
        Smoothing smoothing = alpha > 0 && !precisions.equals(EnumSet.of(Precision.FP32))
                ? Smoothing.of(weights, calibration, alpha) : null;
        OrtEnvironment environment = SharedRuntime.environment(threads);
        List<Map<Precision, OrtSession>> layers = new java.util.ArrayList<>();
        try (OrtSession.SessionOptions options = SharedRuntime.sessionOptions(threads)) {
            for (int l = 0; l < weights.layers().size(); l++) {
                Map<Precision, OrtSession> sessions = new EnumMap<>(Precision.class);
                layers.add(sessions);
                for (Precision precision : Precision.values()) {
                    if (precision == Precision.FP32 || precisions.contains(precision)) {
                        byte[] graph = LayerGraphs.layer(weights, l, precision, fusedNorm, smoothing);
                        sessions.put(precision, environment.createSession(graph, options));
                    }
                }
            }
        } catch (OrtException | RuntimeException e) {
            closeAll(null, layers);
            throw new IllegalStateException("Failed to build the layer-wise ONNX Runtime sessions of encoder " + encoderId, e);
        }
        LOG.info("Built layer-wise encoder {}: {} layers, {} heads, precisions {}, {} layer norms, int8 smoothing {}, "
                + "shared thread pool {}, in {} ms", encoderId, weights.layers().size(), weights.heads(), precisions,
                normKind(fusedNorm), smoothing == null ? "off" : alpha, SharedRuntime.sharesThreads(),
                (System.nanoTime() - start) / 1_000_000);
        return new LayerwiseEncoder(encoderId, weights, environment, threads, fusedNorm, smoothing, layers);
    }

    private static String normKind(boolean fused) {
        return fused ? "fused" : "unfused";
    }

    public int layers() {
        return weights.layers().size();
    }

    public int hiddenSize() {
        return weights.hiddenSize();
    }

    int heads() {
        return weights.heads();
    }

    boolean hasInt8() {
        return layers.get(0).containsKey(Precision.INT8);
    }

    /**
     * Encodes one batch and returns its state after the last layer.
     *
     * @param texts token ids per text, [CLS] first and [SEP] last
     * @param observer called after every layer, or null
     */
    BatchState encode(List<long[]> texts, MechanismPlan plan, LayerObserver observer) {
        BatchState state = new BatchState(hiddenSize(), lengths(texts));
        if (plan.int8Layer.length > 0 && anyInt8(plan) && !hasInt8()) {
            throw new IllegalStateException("The plan routes tokens to int8 but encoder " + encoderId
                    + " was loaded without int8 layers");
        }
        if (anyInt8(plan) && plan.mayMix() && !layers.get(0).containsKey(Precision.MIXED)) {
            throw new IllegalStateException("The plan may mix fp32 and int8 tokens in a layer but encoder " + encoderId
                    + " was loaded without mixed-precision layers");
        }

        try {
            boolean[] computed = new boolean[state.units];
            // The observer reads the states after every layer, so it gets the layer-by-layer path.
            int prefix = observer == null && prefixGraphs ? plan.prefixDepth() : 0;
            if (prefix > 0) {
                new PrefixStep(this, state, prefix, plan.prefixPrecision()).run(texts, computed, plan.haltsAfter(prefix - 1));
                Mechanisms.afterLayer(state, plan, prefix - 1);
            } else {
                embed(texts, state);
            }
            for (int l = prefix; l < plan.depth; l++) {
                if (state.activeUnits() == 0) {
                    break;
                }
                LayerStep step = new LayerStep(this, state, plan, l);
                // Drift costs a pass over every state, so it is measured only after the layers that may halt.
                step.run(computed, observer != null || plan.haltsAfter(l));
                if (observer != null) {
                    observer.afterLayer(l, state, computed);
                }
                Mechanisms.afterLayer(state, plan, l);
            }
            if (plan.depth < layers()) {
                Mechanisms.haltAll(state);
            }
        } catch (OrtException e) {
            throw new InferenceException("Layer-wise encoder " + encoderId + " failed on a batch of " + texts.size()
                    + " texts", e);
        }
        return state;
    }

    private static boolean anyInt8(MechanismPlan plan) {
        for (boolean b : plan.int8Layer) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    private void embed(List<long[]> texts, BatchState state) throws OrtException {
        int n = state.units;
        LongBuffer ids = workspace.longs(LayerGraphs.INPUT_IDS, n);
        LongBuffer positions = workspace.longs(LayerGraphs.POSITION_IDS, n);
        for (long[] text : texts) {
            ids.put(text);
            for (int t = 0; t < text.length; t++) {
                positions.put(t);
            }
        }
        ids.flip();
        positions.flip();

        FloatBuffer hidden = workspace.floats(LayerGraphs.HIDDEN, n * hiddenSize());
        long[] shape = {n};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, ids, shape);
                OnnxTensor positionsTensor = OnnxTensor.createTensor(environment, positions, shape);
                OnnxTensor hiddenTensor = OnnxTensor.createTensor(environment, hidden, new long[] {n, hiddenSize()})) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put(LayerGraphs.INPUT_IDS, idsTensor);
            inputs.put(LayerGraphs.POSITION_IDS, positionsTensor);
            try (OrtSession.Result result = embeddingsSession().run(inputs, Map.of(LayerGraphs.HIDDEN, hiddenTensor))) {
                hidden.rewind();
                hidden.get(state.states, 0, n * hiddenSize());
            }
        }
    }

    OrtEnvironment environment() {
        return environment;
    }

    Workspace workspace() {
        return workspace;
    }

    OrtSession session(int layer, Precision precision) {
        return layers.get(layer).get(precision);
    }

    private OrtSession embeddingsSession() throws OrtException {
        if (embeddings == null) {
            try (OrtSession.SessionOptions options = SharedRuntime.sessionOptions(threads)) {
                embeddings = environment.createSession(LayerGraphs.embeddings(weights, fusedNorm), options);
            }
        }
        return embeddings;
    }

    /**
     * Builds the prefix graph that {@code plan} runs, if any, so the first batch does not wait
     * for it.
     */
    void prepare(MechanismPlan plan) {
        int depth = plan.prefixDepth();
        if (depth == 0) {
            return;
        }
        try {
            prefixSession(depth, plan.prefixPrecision());
        } catch (OrtException e) {
            throw new IllegalStateException("Failed to build the prefix graph of encoder " + encoderId, e);
        }
    }

    /**
     * Returns the session of the prefix graph of {@code depth} layers in {@code precision}, and
     * builds it when no plan used it before.
     */
    OrtSession prefixSession(int depth, Precision precision) throws OrtException {
        String key = depth + "/" + precision;
        OrtSession session = prefixes.get(key);
        if (session == null) {
            long start = System.nanoTime();
            try (OrtSession.SessionOptions options = SharedRuntime.sessionOptions(threads)) {
                session = environment.createSession(LayerGraphs.prefix(weights, depth, precision, fusedNorm, smoothing),
                        options);
            }
            prefixes.put(key, session);
            LOG.info("Built the prefix graph of encoder {}: embeddings and {} layers in {}, {} layer norms, in {} ms",
                    encoderId, depth, precision, normKind(fusedNorm), (System.nanoTime() - start) / 1_000_000);
        }
        return session;
    }

    /**
     * Runs {@code batches} through the probe graph (see {@link LayerGraphs#probe}) and returns, per
     * smoothed projection input and layer, the largest absolute value of each channel.
     */
    Map<String, List<float[]>> projectionInputMax(List<List<long[]>> batches) {
        try (OrtSession.SessionOptions options = SharedRuntime.sessionOptions(threads);
                OrtSession probe = environment.createSession(LayerGraphs.probe(weights), options)) {
            Map<String, List<float[]>> maxima = new java.util.LinkedHashMap<>();
            for (List<long[]> texts : batches) {
                BatchState state = new BatchState(hiddenSize(), lengths(texts));
                new PrefixStep(this, state, layers(), Precision.FP32).probe(probe, texts, maxima);
            }
            return maxima;
        } catch (OrtException e) {
            throw new InferenceException("The probe graph of encoder " + encoderId + " failed", e);
        }
    }

    private static int[] lengths(List<long[]> texts) {
        int[] lengths = new int[texts.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = texts.get(i).length;
        }
        return lengths;
    }

    /** Turns the prefix graphs on or off. Off runs every layer through its own graph, which tests compare against. */
    void usePrefixGraphs(boolean enabled) {
        prefixGraphs = enabled;
    }

    @Override
    public void close() {
        closeAll(embeddings, layers);
        try {
            for (OrtSession session : prefixes.values()) {
                session.close();
            }
        } catch (OrtException e) {
            LOG.warn("Failed to close a prefix ONNX Runtime session", e);
        }
        prefixes.clear();
    }

    private static void closeAll(OrtSession embeddings, List<Map<Precision, OrtSession>> layers) {
        try {
            if (embeddings != null) {
                embeddings.close();
            }
            for (Map<Precision, OrtSession> sessions : layers) {
                for (OrtSession session : sessions.values()) {
                    session.close();
                }
            }
        } catch (OrtException e) {
            LOG.warn("Failed to close a layer-wise ONNX Runtime session", e);
        }
    }
}
