package org.sentistream.engine.quicksilver.internals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embeddings and the leading layers of a batch in one call of a prefix graph (see {@link
 * LayerGraphs#prefix}). Before any mechanism acts, every token is its own unit, and units are
 * numbered text by text in token order, so the packed rows are the units and the output is copied
 * back in one piece.
 */
final class PrefixStep {

    private final LayerwiseEncoder encoder;
    private final BatchState state;
    private final int depth;
    private final Precision precision;
    private final int h;

    PrefixStep(LayerwiseEncoder encoder, BatchState state, int depth, Precision precision) {
        this.encoder = encoder;
        this.state = state;
        this.depth = depth;
        this.precision = precision;
        this.h = state.hidden;
    }

    /**
     * Runs the prefix and writes the states after its last layer back.
     *
     * @param trackDrift true to record each token's drift in the last layer, which halting reads
     */
    void run(List<long[]> texts, boolean[] computed, boolean trackDrift) throws OrtException {
        int n = state.units;
        int b = state.texts;
        int longest = longest(texts);

        Workspace ws = encoder.workspace();
        FloatBuffer hidden = ws.floats(LayerGraphs.HIDDEN, n * h);
        FloatBuffer previous = ws.floats(LayerGraphs.PREVIOUS_HIDDEN, n * h);
        FloatBuffer received = ws.floats(LayerGraphs.KEY_ATTENTION, b * longest);
        try (CallTensors tensors = new CallTensors(encoder.environment())) {
            Map<String, OnnxTensor> inputs = inputs(tensors, texts, longest);
            Map<String, OnnxTensor> outputs = new HashMap<>();
            outputs.put(LayerGraphs.HIDDEN, tensors.of(hidden, n, h));
            outputs.put(LayerGraphs.KEY_ATTENTION, tensors.of(received, b, longest));
            if (trackDrift) {
                outputs.put(LayerGraphs.PREVIOUS_HIDDEN, tensors.of(previous, n, h));
            }
            try (OrtSession.Result result = encoder.prefixSession(depth, precision).run(inputs, outputs)) {
                hidden.rewind();
                received.rewind();
                if (trackDrift) {
                    previous.rewind();
                    previous.get(state.states, 0, n * h);
                    state.update(hidden, n, identity(n), computed, true);
                } else {
                    hidden.get(state.states, 0, n * h);
                    java.util.Arrays.fill(computed, true);
                }
                account(texts, received, longest);
            }
        }
    }

    /**
     * Runs the probe graph (see {@link LayerGraphs#probe}) on {@code texts} and raises {@code maxima},
     * per smoothed projection input and layer, to the largest absolute value of each channel.
     */
    void probe(OrtSession probe, List<long[]> texts, Map<String, List<float[]>> maxima) throws OrtException {
        Set<String> requested = new LinkedHashSet<>();
        for (SmoothedInput input : SmoothedInput.values()) {
            for (int l = 0; l < depth; l++) {
                requested.add(LayerGraphs.probeOutput(input, l));
            }
        }
        try (CallTensors tensors = new CallTensors(encoder.environment());
                OrtSession.Result result = probe.run(inputs(tensors, texts, longest(texts)), requested)) {
            for (SmoothedInput input : SmoothedInput.values()) {
                List<float[]> layers = maxima.computeIfAbsent(input.key(), key -> new ArrayList<>());
                for (int l = 0; l < depth; l++) {
                    OnnxTensor values = (OnnxTensor) result.get(LayerGraphs.probeOutput(input, l)).orElseThrow();
                    long[] shape = values.getInfo().getShape();
                    int channels = (int) shape[shape.length - 1];
                    if (layers.size() == l) {
                        layers.add(new float[channels]);
                    }
                    float[] max = layers.get(l);
                    FloatBuffer data = values.getFloatBuffer();
                    for (int i = 0; i < data.limit(); i++) {
                        max[i % channels] = Math.max(max[i % channels], Math.abs(data.get(i)));
                    }
                }
            }
        }
    }

    private static int longest(List<long[]> texts) {
        int longest = 0;
        for (long[] text : texts) {
            longest = Math.max(longest, text.length);
        }
        return longest;
    }

    /** Writes the packed layout of {@code texts} into the workspace and returns the prefix graph's inputs over it. */
    private Map<String, OnnxTensor> inputs(CallTensors tensors, List<long[]> texts, int longest) throws OrtException {
        int n = state.units;
        int b = state.texts;
        Workspace ws = encoder.workspace();
        LongBuffer ids = ws.longs(LayerGraphs.INPUT_IDS, n);
        LongBuffer positions = ws.longs(LayerGraphs.POSITION_IDS, n);
        LongBuffer querySlot = ws.longs(LayerGraphs.QUERY_SLOT, n);
        LongBuffer queryIndex = ws.longs(LayerGraphs.QUERY_INDEX, b * longest);
        FloatBuffer keyBias = ws.floats(LayerGraphs.KEY_BIAS, b * longest);
        FloatBuffer queryWeight = ws.floats(LayerGraphs.QUERY_WEIGHT, b * longest);
        int row = 0;
        for (int text = 0; text < b; text++) {
            long[] tokens = texts.get(text);
            ids.put(tokens);
            for (int t = 0; t < longest; t++) {
                boolean real = t < tokens.length;
                if (real) {
                    positions.put(t);
                    querySlot.put((long) text * longest + t);
                }
                queryIndex.put(real ? row + t : 0);
                keyBias.put(real ? 0f : LayerwiseEncoder.PADDING_BIAS);
                queryWeight.put(real ? 1f : 0f);
            }
            row += tokens.length;
        }
        ids.flip();
        positions.flip();
        querySlot.flip();
        queryIndex.flip();
        keyBias.flip();
        queryWeight.flip();

        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put(LayerGraphs.INPUT_IDS, tensors.of(ids, n));
        inputs.put(LayerGraphs.POSITION_IDS, tensors.of(positions, n));
        inputs.put(LayerGraphs.QUERY_INDEX, tensors.of(queryIndex, b, longest));
        inputs.put(LayerGraphs.KEY_BIAS, tensors.of(keyBias, b, 1, 1, longest));
        inputs.put(LayerGraphs.QUERY_SLOT, tensors.of(querySlot, n));
        inputs.put(LayerGraphs.QUERY_WEIGHT, tensors.of(queryWeight, b, 1, longest, 1));
        return inputs;
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** Records the last layer's received attention as importance and adds the prefix's work to each text. */
    private void account(List<long[]> texts, FloatBuffer received, int longest) {
        long hh = (long) h * h;
        float uniform = encoder.heads();
        int unit = 0;
        for (int text = 0; text < texts.size(); text++) {
            long q = texts.get(text).length;
            for (int j = 0; j < q; j++) {
                state.importance[unit] = received.get(text * longest + j) / uniform;
                state.int8Route[unit] = precision == Precision.INT8;
                unit++;
            }

            BatchState.TextAccount account = state.accounts[text];
            account.updates += depth * q;
            if (precision == Precision.INT8) {
                account.int8Updates += depth * q;
            }
            account.flops += depth * (24 * q * hh + 4 * q * q * h);
        }
    }
}
