package org.sentistream.engine.quicksilver.internals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One encoder layer over one batch: selects the query and key units of every text, packs their
 * states into the reused buffers, runs the layer graph, writes the new states back and records
 * drift, received attention and work per text.
 */
final class LayerStep {

    private final LayerwiseEncoder encoder;
    private final BatchState state;
    private final MechanismPlan plan;
    private final int layer;
    private final int h;

    LayerStep(LayerwiseEncoder encoder, BatchState state, MechanismPlan plan, int layer) {
        this.encoder = encoder;
        this.state = state;
        this.plan = plan;
        this.layer = layer;
        this.h = state.hidden;
    }

    /**
     * Runs the layer and writes the new states back.
     *
     * @param trackDrift true to record each unit's drift, which halting and calibration read
     */
    void run(boolean[] computed, boolean trackDrift) throws OrtException {
        java.util.Arrays.fill(computed, false);

        // Texts with at least one active unit, their queries (fp32-routed first) and keys.
        List<Integer> rows = new ArrayList<>();
        List<int[]> queriesOf = new ArrayList<>();
        List<int[]> keysOf = new ArrayList<>();
        int fp32Queries = 0;
        int int8Queries = 0;
        int maxQueries = 0;
        int maxKeys = 0;
        boolean keysAreQueries = true;
        for (int text = 0; text < state.texts; text++) {
            int[] queries = select(text, true);
            if (queries.length == 0) {
                continue;
            }
            int[] keys = select(text, false);
            keysAreQueries &= java.util.Arrays.equals(queries, keys);
            rows.add(text);
            queriesOf.add(queries);
            keysOf.add(keys);
            maxQueries = Math.max(maxQueries, queries.length);
            maxKeys = Math.max(maxKeys, keys.length);
            for (int unit : queries) {
                state.int8Route[unit] = plan.int8Layer[layer] && routesToInt8(unit);
                if (state.int8Route[unit]) {
                    int8Queries++;
                } else {
                    fp32Queries++;
                }
            }
        }
        int b = rows.size();
        int queryLength = maxQueries;
        Precision precision = Precision.MIXED;
        if (int8Queries == 0) {
            precision = Precision.FP32;
        } else if (fp32Queries == 0) {
            precision = Precision.INT8;
        }

        // Packed query rows: fp32-routed units first, then int8-routed ones; padded mode adds filler rows.
        int realQueries = fp32Queries + int8Queries;
        int fillers = 0;
        if (plan.padded) {
            for (int[] queries : queriesOf) {
                fillers += maxQueries - queries.length;
            }
        }
        int nq = realQueries + fillers;
        int[] packedUnit = new int[nq];
        int[] packedRow = new int[realQueries];
        int fpNext = 0;
        int i8Next = fp32Queries;
        int[] rowOfUnit = new int[state.units];
        for (int r = 0; r < b; r++) {
            for (int unit : queriesOf.get(r)) {
                int row = state.int8Route[unit] ? i8Next++ : fpNext++;
                packedUnit[row] = unit;
                rowOfUnit[unit] = row;
            }
        }
        int fillerRow = realQueries;
        for (int r = 0; r < b && plan.padded; r++) {
            for (int j = queriesOf.get(r).length; j < maxQueries; j++) {
                packedUnit[fillerRow++] = queriesOf.get(r)[0];
            }
        }
        if (fillers > 0 && precision == Precision.MIXED) {
            // Filler rows are appended to the int8 part; they only model the cost of padding.
            i8Next += fillers;
        }

        Workspace ws = encoder.workspace();
        FloatBuffer queryStates = ws.floats(LayerGraphs.QUERY_STATES, nq * h);
        for (int row = 0; row < nq; row++) {
            queryStates.put(state.states, packedUnit[row] * h, h);
        }
        queryStates.flip();

        int nk = 0;
        for (int[] keys : keysOf) {
            nk += keys.length;
        }
        FloatBuffer keyStates = null;
        int[] keyRowBase = new int[b];
        if (!keysAreQueries) {
            keyStates = ws.floats(LayerGraphs.KEY_STATES, nk * h);
            int next = 0;
            for (int r = 0; r < b; r++) {
                keyRowBase[r] = next;
                for (int unit : keysOf.get(r)) {
                    keyStates.put(state.states, unit * h, h);
                    next++;
                }
            }
            keyStates.flip();
        }

        LongBuffer queryIndex = ws.longs(LayerGraphs.QUERY_INDEX, b * queryLength);
        LongBuffer querySlot = ws.longs(LayerGraphs.QUERY_SLOT, nq);
        FloatBuffer queryWeight = ws.floats(LayerGraphs.QUERY_WEIGHT, b * queryLength);
        LongBuffer keyIndex = ws.longs(LayerGraphs.KEY_INDEX, b * maxKeys);
        FloatBuffer keyBias = ws.floats(LayerGraphs.KEY_BIAS, b * maxKeys);
        long[] slots = new long[nq];
        fillerRow = realQueries;
        for (int r = 0; r < b; r++) {
            int[] queries = queriesOf.get(r);
            for (int j = 0; j < queryLength; j++) {
                long row;
                if (j < queries.length) {
                    row = rowOfUnit[queries[j]];
                    slots[(int) row] = (long) r * queryLength + j;
                    queryWeight.put(1f);
                } else if (plan.padded) {
                    row = fillerRow;
                    slots[fillerRow++] = (long) r * queryLength + j;
                    queryWeight.put(0f);
                } else {
                    row = 0;
                    queryWeight.put(0f);
                }
                queryIndex.put(row);
            }

            int[] keys = keysOf.get(r);
            for (int j = 0; j < maxKeys; j++) {
                if (j < keys.length) {
                    keyIndex.put(keyStates == null ? rowOfUnit[keys[j]] : keyRowBase[r] + j);
                    keyBias.put(keyBias(keys[j]));
                } else {
                    keyIndex.put(0);
                    keyBias.put(LayerwiseEncoder.PADDING_BIAS);
                }
            }
        }
        querySlot.put(slots).flip();
        queryIndex.flip();
        queryWeight.flip();
        keyIndex.flip();
        keyBias.flip();

        FloatBuffer hidden = ws.floats(LayerGraphs.HIDDEN, nq * h);
        FloatBuffer received = ws.floats(LayerGraphs.KEY_ATTENTION, b * maxKeys);
        try (CallTensors tensors = new CallTensors(encoder.environment())) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            OnnxTensor queryTensor = tensors.of(queryStates, nq, h);
            inputs.put(LayerGraphs.QUERY_STATES, queryTensor);
            inputs.put(LayerGraphs.KEY_STATES, keyStates == null ? queryTensor : tensors.of(keyStates, nk, h));
            inputs.put(LayerGraphs.QUERY_INDEX, tensors.of(queryIndex, b, queryLength));
            inputs.put(LayerGraphs.KEY_INDEX, tensors.of(keyIndex, b, maxKeys));
            inputs.put(LayerGraphs.KEY_BIAS, tensors.of(keyBias, b, 1, 1, maxKeys));
            inputs.put(LayerGraphs.QUERY_SLOT, tensors.of(querySlot, nq));
            inputs.put(LayerGraphs.QUERY_WEIGHT, tensors.of(queryWeight, b, 1, queryLength, 1));
            if (precision == Precision.MIXED) {
                LongBuffer split = ws.longs(LayerGraphs.PRECISION_SPLIT, 2);
                split.put(fp32Queries).put(i8Next - fp32Queries).flip();
                inputs.put(LayerGraphs.PRECISION_SPLIT, tensors.of(split, 2));
            }
            Map<String, OnnxTensor> outputs = Map.of(
                    LayerGraphs.HIDDEN, tensors.of(hidden, nq, h),
                    LayerGraphs.KEY_ATTENTION, tensors.of(received, b, maxKeys));
            try (OrtSession.Result result = encoder.session(layer, precision).run(inputs, outputs)) {
                hidden.rewind();
                received.rewind();
                state.update(hidden, realQueries, packedUnit, computed, trackDrift);
                account(rows, queriesOf, keysOf, received, maxKeys);
            }
        }
    }

    /** Returns the active units of {@code text} (queries) or the units that are still keys. */
    private int[] select(int text, boolean queries) {
        int[] units = state.order[text];
        int n = state.orderLength[text];
        int[] selected = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int unit = units[i];
            boolean take = queries ? state.status[unit] == BatchState.ACTIVE : !state.keySkipped[unit];
            if (take) {
                selected[count++] = unit;
            }
        }
        return java.util.Arrays.copyOf(selected, count);
    }

    /** Returns log(count), so a fused key draws the attention mass of the keys it merged; 0 for a single token. */
    private float keyBias(int unit) {
        if (state.keyMasked[unit]) {
            return LayerwiseEncoder.PADDING_BIAS;
        }
        return state.count[unit] == 1 ? 0f : (float) Math.log(state.count[unit]);
    }

    private boolean routesToInt8(int unit) {
        return (plan.int8Specials || !plan.exempt(state, unit)) && state.importance[unit] < plan.int8Attention;
    }

    /** Records received attention as importance and adds this layer's work to each text's account. */
    private void account(List<Integer> rows, List<int[]> queriesOf, List<int[]> keysOf, FloatBuffer received, int maxKeys) {
        long hh = (long) h * h;
        int heads = encoder.heads();
        for (int r = 0; r < rows.size(); r++) {
            int[] queries = queriesOf.get(r);
            int[] keys = keysOf.get(r);
            float uniform = (float) heads * queries.length / keys.length;
            for (int j = 0; j < keys.length; j++) {
                state.importance[keys[j]] = received.get(r * maxKeys + j) / uniform;
            }

            BatchState.TextAccount account = state.accounts[rows.get(r)];
            long q = queries.length;
            long k = keys.length;
            account.updates += q;
            for (int unit : queries) {
                if (state.int8Route[unit]) {
                    account.int8Updates++;
                }
            }
            account.flops += 20 * q * hh + 4 * k * hh + 4 * q * k * h;
        }
    }
}
